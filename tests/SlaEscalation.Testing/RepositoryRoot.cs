namespace SlaEscalation.Testing;

/// <summary>The repository's root directory, found from the test's build output, for tests that read its files.</summary>
public static class RepositoryRoot
{
    /// <summary>The directory holding <c>SlaEscalation.sln</c>.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "SlaEscalation.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"cannot find SlaEscalation.sln above {AppContext.BaseDirectory}");
    }
}
