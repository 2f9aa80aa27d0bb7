using System.Text.RegularExpressions;
using Sandtrace.Tracing;
using Xunit;

namespace Sandtrace.Tests.Tracing;

/// <summary>docs/categories.md must list exactly the code's names per category, so the two never drift.</summary>
public partial class CategoriesDocTests
{
    [Fact]
    public void DocListsTheSameNamesPerCategoryAsTheCode()
    {
        Dictionary<string, DocRow> doc = ReadDoc();
        var problems = new List<string>();
        foreach (SyscallCategory c in Enum.GetValues<SyscallCategory>())
        {
            string[] expected = SyscallCategoryMap.Groups.Where(g => g.Category == c).SelectMany(g => g.Names)
                .Order(StringComparer.Ordinal).ToArray();
            string securityRelevant = c.IsSecurityRelevant() ? "yes" : "no";
            if (!doc.Remove(c.JsonName(), out DocRow? row))
                problems.Add($"missing row for {c.JsonName()}");
            else if (!row.Names.Order(StringComparer.Ordinal).SequenceEqual(expected) || row.Count != expected.Length ||
                     row.SecurityRelevant != securityRelevant)
                problems.Add($"row {c.JsonName()} differs from the code; the code says:\n| `{c.JsonName()}` | {securityRelevant} | " +
                             $"... | {expected.Length} | {string.Join(", ", expected.Select(n => $"`{n}`"))} |");
        }
        problems.AddRange(doc.Keys.Select(k => $"row for unknown category {k}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    sealed record DocRow(string SecurityRelevant, int Count, string[] Names);

    /// <summary>Rows of the category table: | `name` | yes/no | meaning | count | `a`, `b`, ... |</summary>
    static Dictionary<string, DocRow> ReadDoc()
    {
        var rows = new Dictionary<string, DocRow>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(RepoRoot(), "docs", "categories.md")))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal)) continue;
            string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
            Assert.True(cells.Length == 7, $"malformed row: {line}");
            string[] names = Quoted().Matches(cells[5]).Select(m => m.Groups[1].Value).ToArray();
            rows.Add(cells[1].Trim('`'), new DocRow(cells[2], int.Parse(cells[4]), names));
        }
        return rows;
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "sandtrace.slnx"))) return dir.FullName;
        throw new InvalidOperationException("sandtrace.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Quoted();
}
