using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Advisor.Tool.Model;

namespace Advisor.Tool.Output;

/// <summary>
/// SARIF 2.1.0: one run whose driver lists every rule that ran (title, description, help link, default level,
/// question), one result per finding with a region, the fix title, and the entry points that reach it.
/// Paths are relative to the SRCROOT base id, which points at the analyzed folder.
/// </summary>
internal static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(AdvisorReport report, TextWriter writer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteLog(report, json);
        }

        writer.Write(Encoding.UTF8.GetString(stream.ToArray()));
        writer.WriteLine();
    }

    private static void WriteLog(AdvisorReport report, Utf8JsonWriter json)
    {
        var ruleIndex = report.Rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var entryPointsByFinding = new Dictionary<Finding, List<string>>();
        foreach (var entry in report.EntryPoints)
        {
            foreach (var finding in entry.Findings)
            {
                if (!entryPointsByFinding.TryGetValue(finding, out var list))
                {
                    entryPointsByFinding[finding] = list = new List<string>();
                }

                list.Add(entry.Name);
            }
        }

        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Advisor");
        json.WriteString("informationUri", "https://github.com/advisor-dotnet/advisor");
        json.WriteString("semanticVersion", ToolVersion());
        json.WriteStartArray("rules");
        foreach (var rule in report.Rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", rule.AnalyzerName);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", rule.Description.Length > 0 ? rule.Description : rule.Title);
            json.WriteEndObject();
            if (rule.HelpLink is not null)
            {
                json.WriteString("helpUri", rule.HelpLink);
                json.WriteStartObject("help");
                json.WriteString("text", $"See {rule.HelpLink}");
                json.WriteEndObject();
            }

            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("category", rule.Category);
            json.WriteString("question", Questions.Describe(rule.Question));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("SRCROOT");
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(report.BaseDirectory) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            if (ruleIndex.TryGetValue(finding.RuleId, out var index))
            {
                json.WriteNumber("ruleIndex", index);
            }

            json.WriteString("level", Level(finding.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            if (Path.IsPathRooted(finding.FilePath))
            {
                json.WriteString("uri", new Uri(finding.FilePath).AbsoluteUri);
            }
            else
            {
                json.WriteString("uri", string.Join('/', finding.FilePath.Split('/').Select(Uri.EscapeDataString)));
                json.WriteString("uriBaseId", "SRCROOT");
            }

            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", finding.Line);
            json.WriteNumber("startColumn", finding.Column);
            json.WriteNumber("endLine", finding.EndLine);
            json.WriteNumber("endColumn", finding.EndColumn);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("properties");
            json.WriteString("project", finding.Project);
            json.WriteString("question", Questions.Describe(finding.Question));
            if (finding.FixTitle is not null)
            {
                json.WriteString("fix", finding.FixTitle);
            }

            if (entryPointsByFinding.TryGetValue(finding, out var entries))
            {
                json.WriteStartArray("entryPoints");
                foreach (var name in entries)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static string Level(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "note",
    };

    internal static string ToolVersion()
    {
        var version = typeof(SarifReportWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
