namespace Advisor.Package.Tests;

internal static class RepositoryRoot
{
    /// <summary>The folder holding Advisor.sln, found by walking up from the test assembly.</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Advisor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Advisor.sln not found above " + AppContext.BaseDirectory);
    }
}
