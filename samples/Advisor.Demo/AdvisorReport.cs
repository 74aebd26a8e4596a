using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Advisor.Demo;

/// <summary>Step 1: runs the <c>advisor</c> report tool (tools/Advisor.Tool) over the Before projects.</summary>
internal static class AdvisorReport
{
    public static readonly string[] BeforeProjects =
    [
        "samples/Gateway/Gateway.Before/Gateway.Before.csproj",
        "samples/Search/Search.Before/Search.Before.csproj",
        "samples/Checkout/Checkout.Before/Checkout.Before.csproj",
    ];

    public static async Task<int> RunAsync()
    {
        var root = FindRepositoryRoot();
        var tool = root is null ? null : Path.Combine(root, "tools", "Advisor.Tool", "Advisor.Tool.csproj");
        if (tool is null || !File.Exists(tool))
        {
            Console.WriteLine("The advisor report tool (tools/Advisor.Tool) is not in this checkout yet: report skipped.");
            return 0;
        }

        // The tool takes one target per run: one report per Before project.
        var exitCode = 0;
        foreach (var project in BeforeProjects)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
            foreach (var argument in new[] { "run", "-c", "Release", "--project", tool, "--", project, "--quiet" })
            {
                start.ArgumentList.Add(argument);
            }

            Console.WriteLine("$ advisor " + project);
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync().ConfigureAwait(false);
            exitCode = Math.Max(exitCode, process.ExitCode);
        }

        return exitCode;
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Advisor.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
