namespace SlaEscalation.Grains.Tests;

/// <summary>Files of the repository the tests read, found from the test's build output.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The example configuration (deploy/config/example.json).</summary>
    public static string ExampleJson => Path.Combine(Root, "deploy", "config", "example.json");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SlaEscalation.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"cannot find SlaEscalation.sln above {AppContext.BaseDirectory}");
    }
}
