namespace SlaEscalation.Testing;

/// <summary>
/// Finds the built SlaEscalation.Silo.dll of the same configuration as the program using it (a test project, or the
/// load tool in Release): each references the silo project, so building it builds that silo too.
/// </summary>
public static class SiloExecutable
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // tests/<project>/bin/<Configuration>/net10.0/
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "SlaEscalation.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"cannot find SlaEscalation.sln above {testBin.FullName}");
        }

        var path = System.IO.Path.Combine(root.FullName, "src", "SlaEscalation.Silo", "bin", configuration, framework, "SlaEscalation.Silo.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution first (dotnet build SlaEscalation.sln).");
    }
}
