using System;
using System.Collections.Generic;
using System.Globalization;
using Advisor.Tool.Model;

namespace Advisor.Tool;

/// <summary>Output formats of the report.</summary>
public enum ReportFormat
{
    /// <summary>Human-readable text for a terminal.</summary>
    Console,

    /// <summary>GitHub-flavoured Markdown (PR comments, job summaries, docs).</summary>
    Markdown,

    /// <summary>SARIF 2.1.0 for code-scanning uploads.</summary>
    Sarif,
}

/// <summary>The parsed command line.</summary>
public sealed record AdvisorOptions
{
    /// <summary>A .sln/.slnx, a .csproj, or a folder. Defaults to the current directory.</summary>
    public string Path { get; init; } = ".";

    /// <summary>The output format.</summary>
    public ReportFormat Format { get; init; } = ReportFormat.Console;

    /// <summary>Where to write the report; standard output when null.</summary>
    public string? OutputFile { get; init; }

    /// <summary>Exit with 1 when a finding at or above this severity exists.</summary>
    public FindingSeverity? FailOn { get; init; }

    /// <summary>Exit with 1 when there are more findings than this.</summary>
    public int? MaxFindings { get; init; }

    /// <summary>Apply the available code fixes and write the files.</summary>
    public bool Fix { get; init; }

    /// <summary>With <see cref="Fix"/>: show what would change, write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Report per-analyzer execution times.</summary>
    public bool Timing { get; init; }

    /// <summary>No progress lines on standard error.</summary>
    public bool Quiet { get; init; }

    /// <summary>Treat the path as a folder of loose .cs files even when it holds a project or solution.</summary>
    public bool Loose { get; init; }

    /// <summary>Only these rule IDs (empty: all).</summary>
    public IReadOnlyList<string> Rules { get; init; } = Array.Empty<string>();

    /// <summary>Print help and exit.</summary>
    public bool Help { get; init; }

    /// <summary>Print the version and exit.</summary>
    public bool Version { get; init; }

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: advisor [<path>] [options]

        Finds work running on the wrong layer in a .NET service and prints, for each request-path
        entry point, whether it does async I/O, blocking I/O or CPU-bound work, which downstream calls
        are guarded and where it fans out, with file:line findings, suggested fixes and totals per rule.

        Arguments:
          <path>                  a .sln/.slnx, a .csproj, or a folder (default: current directory).
                                  A folder with one solution or project loads that; otherwise its .cs
                                  files are compiled together against the installed .NET (and ASP.NET Core).

        Options:
          -f, --format <format>   console (default), markdown or sarif
          -o, --output <file>     write the report to a file instead of standard output
              --fail-on <level>   exit 1 when a finding at or above the level exists: warning, suggestion
              --max-findings <n>  exit 1 when there are more than n findings
              --fix               apply the available code fixes and write the changed files
              --dry-run           with --fix: print what would change, write nothing
              --rules <ids>       only these rules, comma separated (e.g. ADV2001,ADV4001)
              --timing            print the time spent in each analyzer
              --loose             compile the folder's .cs files even if it holds a project
          -q, --quiet             no progress on standard error
          -h, --help              show this help
              --version           show the version

        Exit codes: 0 success, 1 a threshold (--fail-on, --max-findings) was exceeded,
                    2 usage error or the target could not be loaded.
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> on a usage error.</summary>
    public static AdvisorOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new AdvisorOptions();
        string? path = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string? Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                return null;
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    options = options with { Help = true };
                    break;
                case "--version":
                    options = options with { Version = true };
                    break;
                case "-f" or "--format":
                    var format = Value();
                    switch (format?.ToLowerInvariant())
                    {
                        case "console" or "text":
                            options = options with { Format = ReportFormat.Console };
                            break;
                        case "markdown" or "md":
                            options = options with { Format = ReportFormat.Markdown };
                            break;
                        case "sarif":
                            options = options with { Format = ReportFormat.Sarif };
                            break;
                        default:
                            error = $"Unknown format '{format}': use console, markdown or sarif.";
                            return null;
                    }

                    break;
                case "-o" or "--output":
                    var output = Value();
                    if (string.IsNullOrWhiteSpace(output))
                    {
                        error = "--output needs a file name.";
                        return null;
                    }

                    options = options with { OutputFile = output };
                    break;
                case "--fail-on":
                    var level = Value();
                    switch (level?.ToLowerInvariant())
                    {
                        case "warning" or "warnings":
                            options = options with { FailOn = FindingSeverity.Warning };
                            break;
                        case "suggestion" or "suggestions" or "info":
                            options = options with { FailOn = FindingSeverity.Suggestion };
                            break;
                        case "error" or "errors":
                            options = options with { FailOn = FindingSeverity.Error };
                            break;
                        case "none" or "never":
                            options = options with { FailOn = null };
                            break;
                        default:
                            error = $"Unknown --fail-on level '{level}': use warning, suggestion, error or none.";
                            return null;
                    }

                    break;
                case "--max-findings":
                    var max = Value();
                    if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var maxFindings))
                    {
                        error = $"--max-findings needs a non-negative number, not '{max}'.";
                        return null;
                    }

                    options = options with { MaxFindings = maxFindings };
                    break;
                case "--rules":
                    var rules = Value();
                    if (string.IsNullOrWhiteSpace(rules))
                    {
                        error = "--rules needs a comma-separated list of rule IDs.";
                        return null;
                    }

                    options = options with { Rules = rules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--fix":
                    options = options with { Fix = true };
                    break;
                case "--dry-run":
                    options = options with { DryRun = true };
                    break;
                case "--timing":
                    options = options with { Timing = true };
                    break;
                case "--loose":
                    options = options with { Loose = true };
                    break;
                case "-q" or "--quiet":
                    options = options with { Quiet = true };
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        error = $"Unknown option '{arg}'.";
                        return null;
                    }

                    if (path is not null)
                    {
                        error = $"Only one path can be analyzed at a time ('{path}' and '{arg}').";
                        return null;
                    }

                    path = arg;
                    break;
            }

            if (inlineValue is not null && arg is "--fix" or "--dry-run" or "--timing" or "--loose" or "--quiet" or "--help" or "--version")
            {
                error = $"{arg} takes no value.";
                return null;
            }
        }

        if (options.DryRun && !options.Fix)
        {
            options = options with { Fix = true };
        }

        return path is null ? options : options with { Path = path };
    }
}
