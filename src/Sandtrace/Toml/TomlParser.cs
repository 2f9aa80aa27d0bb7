namespace Sandtrace.Toml;

/// <summary>
/// TOML 1.0 parser: the document grammar (lines of key/value pairs, [table] and [[array]] headers) and
/// the composite values (arrays, inline tables). Scalars, strings and keys are read by the *Lexer and
/// *Parser helpers; where keys and tables may go is decided by <see cref="TomlTableBuilder"/>.
/// </summary>
public sealed class TomlParser
{
    // Arrays and inline tables recurse; bound the depth so hostile input fails cleanly, not with a stack overflow.
    const int MaxDepth = 128;

    readonly TomlCursor _cur;
    readonly TomlTableBuilder _builder;
    readonly TomlTable _root;
    int _depth;

    TomlParser(string text, string? sourceName)
    {
        _cur = new TomlCursor(text, sourceName);
        _root = new TomlTable(new TomlPosition(1, 1), TomlTableOrigin.Root);
        _builder = new TomlTableBuilder(_root, _cur);
    }

    /// <summary>Parses a document. <paramref name="sourceName"/> (e.g. a file name) prefixes error messages.</summary>
    /// <exception cref="TomlException">The text is not valid TOML 1.0.</exception>
    public static TomlDocument Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TomlParser(text, sourceName);
        parser.ParseDocument();
        return new TomlDocument(parser._root, sourceName);
    }

    /// <summary>Parses a UTF-8 document, rejecting invalid UTF-8 with its position. A leading BOM is allowed.</summary>
    /// <exception cref="TomlException">The bytes are not valid UTF-8 or not valid TOML 1.0.</exception>
    public static TomlDocument Parse(ReadOnlySpan<byte> utf8, string? sourceName = null) =>
        Parse(TomlUtf8.Decode(utf8, sourceName), sourceName);

    /// <summary>Reads and parses a file; messages name it by <paramref name="path"/>. I/O errors propagate as usual.</summary>
    public static TomlDocument ParseFile(string path) => Parse(File.ReadAllBytes(path), path);

    void ParseDocument()
    {
        var table = _root;
        string? section = null; // the current header's key, for messages
        while (true)
        {
            _cur.SkipWhitespace();
            switch (_cur.Peek())
            {
                case TomlCursor.End:
                    return;
                case '#':
                    _cur.ExpectLineEnd("comment");
                    break;
                case '\n' or '\r':
                    _cur.ConsumeNewline();
                    break;
                case '[':
                    (table, section) = ParseHeader();
                    _cur.ExpectLineEnd("table header");
                    break;
                default:
                    ParseKeyValue(table, section);
                    _cur.ExpectLineEnd("value");
                    break;
            }
        }
    }

    (TomlTable Table, string Name) ParseHeader()
    {
        var at = _cur.Position;
        _cur.Advance();
        bool isArray = _cur.Match('[');
        _cur.SkipWhitespace();
        var key = TomlKeyLexer.Read(_cur);
        if (!_cur.Match(']'))
            throw _cur.Error($"expected '{(isArray ? "]]" : "]")}' after table name, found {_cur.DescribeNext()}");
        if (isArray && !_cur.Match(']'))
            throw _cur.Error("expected ']]' to close the array-of-tables header");
        var table = isArray ? _builder.AppendArrayTable(key, at) : _builder.DefineTable(key, at);
        return (table, key.ToString());
    }

    void ParseKeyValue(TomlTable table, string? section)
    {
        var key = TomlKeyLexer.Read(_cur);
        if (!_cur.Match('='))
            throw _cur.Error(_cur.AtEnd || _cur.AtNewline
                ? $"expected '=' after key '{key}'"
                : $"expected '=' after key '{key}', found {_cur.DescribeNext()}");
        _cur.SkipWhitespace();
        var value = ParseValue();
        _builder.Assign(table, key, value, section);
    }

    TomlValue ParseValue()
    {
        var at = _cur.Position;
        switch (_cur.Peek())
        {
            case '"' or '\'':
                return new TomlString(TomlStringLexer.Read(_cur, allowMultiline: true), at);
            case '[':
                return ParseArray();
            case '{':
                return ParseInlineTable();
            case TomlCursor.End or '\n' or '\r' or '#':
                throw _cur.Error($"expected a value, found {_cur.DescribeNext()}");
            default:
                return TomlScalarLexer.Read(_cur);
        }
    }

    TomlArray ParseArray()
    {
        var array = new TomlArray(_cur.Position, isArrayOfTables: false);
        Enter();
        _cur.Advance();
        while (true)
        {
            _cur.SkipWhitespaceCommentsAndNewlines();
            if (_cur.Match(']'))
                break;
            array.Add(ParseValue());
            _cur.SkipWhitespaceCommentsAndNewlines();
            if (_cur.Match(']'))
                break;
            if (!_cur.Match(','))
                throw _cur.Error($"expected ',' or ']' in array, found {_cur.DescribeNext()}");
        }
        _depth--;
        return array;
    }

    TomlTable ParseInlineTable()
    {
        // Built as dotted-key tables (so "a.b = 1, a.c = 2" works inside), then closed for good.
        var table = new TomlTable(_cur.Position, TomlTableOrigin.DottedKey);
        Enter();
        _cur.Advance();
        _cur.SkipWhitespace();
        if (!_cur.Match('}'))
        {
            while (true)
            {
                RejectNewline();
                var key = TomlKeyLexer.Read(_cur);
                if (!_cur.Match('='))
                    throw _cur.Error($"expected '=' after key '{key}', found {_cur.DescribeNext()}");
                _cur.SkipWhitespace();
                RejectNewline();
                _builder.Assign(table, key, ParseValue(), section: null);
                _cur.SkipWhitespace();
                if (_cur.Match('}'))
                    break;
                RejectNewline();
                if (!_cur.Match(','))
                    throw _cur.Error($"expected ',' or '}}' in inline table, found {_cur.DescribeNext()}");
                _cur.SkipWhitespace();
                if (_cur.Peek() == '}')
                    throw _cur.Error("trailing comma is not allowed in an inline table");
            }
        }
        table.Origin = TomlTableOrigin.Inline;
        _depth--;
        return table;
    }

    void RejectNewline()
    {
        if (_cur.Peek() is '\n' or '\r' or '#')
            throw _cur.Error("an inline table must be on a single line (TOML 1.0)");
    }

    void Enter()
    {
        if (++_depth > MaxDepth)
            throw _cur.Error($"arrays and inline tables are nested more than {MaxDepth} deep");
    }
}
