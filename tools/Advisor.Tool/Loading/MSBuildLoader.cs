using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace Advisor.Tool.Loading;

/// <summary>Loads a solution or project with MSBuildWorkspace (design-time build of the real project).</summary>
internal static class MSBuildLoader
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<LoadedTarget> LoadAsync(string path, bool isSolution, Action<string> progress, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var workspace = MSBuildWorkspace.Create();
        try
        {
            using var registration = workspace.RegisterWorkspaceFailedHandler(e =>
            {
                if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
                {
                    lock (warnings)
                    {
                        warnings.Add(e.Diagnostic.Message);
                    }
                }
            });

            var loadProgress = new Progress(progress);
            Solution solution;
            if (isSolution)
            {
                progress($"Loading solution {Path.GetFileName(path)}...");
                solution = (await workspace.OpenSolutionAsync(path, loadProgress, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                progress($"Loading project {Path.GetFileName(path)}...");
                var project = await workspace.OpenProjectAsync(path, loadProgress, cancellationToken).ConfigureAwait(false);
                solution = project.Solution;
            }

            if (!solution.Projects.Any(p => p.Language == LanguageNames.CSharp))
            {
                var reason = warnings.Count > 0 ? ": " + warnings[0] : ".";
                throw new AdvisorLoadException($"No C# project could be loaded from '{path}'{reason}");
            }

            foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp))
            {
                if (project.FilePath is { } projectFile && !HasAssets(projectFile))
                {
                    warnings.Add($"{Path.GetFileName(projectFile)} has not been restored (no obj/project.assets.json): package references are missing and findings may be incomplete. Run 'dotnet restore' first.");
                }
            }

            return new LoadedTarget(workspace, solution, isSolution ? "solution" : "project", path, warnings);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private static bool HasAssets(string projectFile)
    {
        var directory = Path.GetDirectoryName(projectFile)!;
        return File.Exists(Path.Combine(directory, "obj", "project.assets.json"))
            || Directory.Exists(Path.Combine(directory, "obj")) && Directory.EnumerateFiles(Path.Combine(directory, "obj"), "project.assets.json", SearchOption.AllDirectories).Any();
    }

    private sealed class Progress : IProgress<ProjectLoadProgress>
    {
        private readonly Action<string> _report;

        public Progress(Action<string> report) => _report = report;

        public void Report(ProjectLoadProgress value)
        {
            var framework = value.TargetFramework is { Length: > 0 } tfm ? $" ({tfm})" : string.Empty;
            _report(string.Create(CultureInfo.InvariantCulture, $"  {value.Operation,-8} {Path.GetFileName(value.FilePath)}{framework} {value.ElapsedTime.TotalSeconds:0.0} s"));
        }
    }
}
