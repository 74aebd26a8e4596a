using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Advisor.Tool.Loading;

/// <summary>A loaded solution and what went wrong while loading it.</summary>
internal sealed class LoadedTarget : IDisposable
{
    public LoadedTarget(Workspace workspace, Solution solution, string kind, string path, IReadOnlyList<string> warnings)
    {
        Workspace = workspace;
        Solution = solution;
        Kind = kind;
        Path = path;
        Warnings = warnings;
    }

    public Workspace Workspace { get; }

    public Solution Solution { get; }

    /// <summary>"solution", "project" or "folder".</summary>
    public string Kind { get; }

    /// <summary>The full path of what was loaded.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The folder report paths are relative to: the folder analyzed, or the folder of the solution or project.</summary>
    public string BaseDirectory => File.Exists(Path) ? System.IO.Path.GetDirectoryName(Path)! : Path;

    /// <summary>
    /// The C# projects to analyze: one per project file (the first target framework of a multi-targeted one); for a
    /// .csproj only that project (the projects it references are loaded only to compile it).
    /// </summary>
    public IReadOnlyList<Project> ProjectsToAnalyze()
        => Solution.Projects
            .Where(p => p.Language == LanguageNames.CSharp)
            .Where(p => Kind != "project" || string.Equals(p.FilePath, Path, StringComparison.Ordinal))
            .GroupBy(p => p.FilePath ?? p.Name, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    public void Dispose() => Workspace.Dispose();
}

/// <summary>Thrown when the target cannot be loaded (missing path, no project, no SDK); the tool exits with code 2.</summary>
public sealed class AdvisorLoadException : Exception
{
    public AdvisorLoadException(string message)
        : base(message)
    {
    }

    public AdvisorLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public AdvisorLoadException()
    {
    }
}

/// <summary>Decides what a path is (solution, project, folder of .cs files) and loads it into a workspace.</summary>
internal static class TargetLoader
{
    private static readonly string[] s_solutionExtensions = [".sln", ".slnx", ".slnf"];

    public static async Task<LoadedTarget> LoadAsync(AdvisorOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.GetFullPath(options.Path);
        if (File.Exists(path))
        {
            var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
            if (s_solutionExtensions.Contains(extension))
            {
                return await LoadMSBuildAsync(path, isSolution: true, progress, cancellationToken).ConfigureAwait(false);
            }

            if (extension == ".csproj")
            {
                return await LoadMSBuildAsync(path, isSolution: false, progress, cancellationToken).ConfigureAwait(false);
            }

            if (extension == ".cs")
            {
                return FolderLoader.Load(System.IO.Path.GetDirectoryName(path)!, [path], progress, cancellationToken);
            }

            throw new AdvisorLoadException($"'{options.Path}' is not a .sln, .slnx, .csproj, .cs file or folder.");
        }

        if (!Directory.Exists(path))
        {
            throw new AdvisorLoadException($"'{options.Path}' does not exist.");
        }

        if (!options.Loose)
        {
            var solutions = s_solutionExtensions.Where(e => e != ".slnf").SelectMany(e => Directory.GetFiles(path, "*" + e)).ToArray();
            if (solutions.Length == 1)
            {
                return await LoadMSBuildAsync(solutions[0], isSolution: true, progress, cancellationToken).ConfigureAwait(false);
            }

            if (solutions.Length > 1)
            {
                throw new AdvisorLoadException($"'{options.Path}' holds several solutions ({string.Join(", ", solutions.Select(System.IO.Path.GetFileName))}): pass the one to analyze.");
            }

            var projects = Directory.GetFiles(path, "*.csproj");
            if (projects.Length == 1)
            {
                return await LoadMSBuildAsync(projects[0], isSolution: false, progress, cancellationToken).ConfigureAwait(false);
            }

            if (projects.Length > 1)
            {
                throw new AdvisorLoadException($"'{options.Path}' holds several projects ({string.Join(", ", projects.Select(System.IO.Path.GetFileName))}): pass the one to analyze.");
            }
        }

        var files = FolderLoader.FindSourceFiles(path);
        if (files.Count == 0)
        {
            throw new AdvisorLoadException($"'{options.Path}' holds no solution, no project and no .cs file.");
        }

        return FolderLoader.Load(path, files, progress, cancellationToken);
    }

    private static async Task<LoadedTarget> LoadMSBuildAsync(string path, bool isSolution, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"Locating MSBuild for {System.IO.Path.GetFileName(path)}...");
        MSBuildSetup.EnsureRegistered();
        return await MSBuildLoader.LoadAsync(path, isSolution, progress, cancellationToken).ConfigureAwait(false);
    }
}
