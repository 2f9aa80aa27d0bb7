/* Shared helpers for the constant-table generators. Each generator prints C# table declarations
 * (static readonly NamedValue[] / const) to stdout; gen.sh wraps them in a partial class.
 * Values come from the headers this file is compiled against, names are the C macro names. */
#ifndef GEN_H
#define GEN_H
#include <stdio.h>

static void table_begin(const char *name, const char *doc)
{
    printf("    /// <summary>%s</summary>\n", doc);
    printf("    public static readonly NamedValue[] %s =\n    [\n", name);
}

#define TABLE(name, doc) table_begin(#name, doc)
#define END() printf("    ];\n\n")
/* Entry named after the macro itself (32-bit kernel ABI values; masked so (1<<31) is not sign-extended). */
#define E(x) printf("        new(0x%llx, \"%s\"),\n", (unsigned long long)(unsigned int)(x), #x)
/* 64-bit entry (clone3 flags). */
#define E64(x) printf("        new(0x%llx, \"%s\"),\n", (unsigned long long)(x), #x)
/* Entry shown under a different name than its macro (e.g. the userspace spelling). */
#define N(x, name) printf("        new(0x%llx, \"%s\"),\n", (unsigned long long)(unsigned int)(x), name)
/* A single constant the decoder code needs. */
#define C(x) printf("    public const uint %s = 0x%llx;\n", #x, (unsigned long long)(unsigned int)(x))
#define CN(x, name) printf("    public const uint %s = 0x%llx;\n", name, (unsigned long long)(unsigned int)(x))
#define BLANK() printf("\n")

#endif
