using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Silo.Database;

/// <summary>One schema script from deploy/sql, shipped inside the executable.</summary>
/// <param name="Id">The file name without extension, e.g. <c>0002_orleans_clustering</c>; ids sort in apply order.</param>
/// <param name="Sql">The script text.</param>
public sealed record MigrationScript(string Id, string Sql)
{
    /// <summary>SHA-256 of the script text, recorded when applied so that an edited script is noticed.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>Every script embedded in this build, in apply order.</summary>
    public static IReadOnlyList<MigrationScript> All { get; } = LoadEmbedded();

    private static MigrationScript[] LoadEmbedded()
    {
        const string Prefix = "SlaEscalation.Sql.";
        var assembly = typeof(MigrationScript).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new MigrationScript(name[Prefix.Length..^".sql".Length], reader.ReadToEnd());
            })
            .ToArray();
    }
}
