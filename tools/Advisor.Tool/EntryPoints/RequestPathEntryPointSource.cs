using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Advisor.Tool.EntryPoints;

/// <summary>
/// The entry points of the analyzers' shared request-path model (<see cref="RequestPath"/>), so the report lists
/// exactly the code the rules treat as request path, including <c>advisor.request_path.entry_points</c> from
/// .editorconfig.
/// </summary>
internal sealed class RequestPathEntryPointSource : IEntryPointSource
{
    public ImmutableArray<ReportEntryPoint> Find(Compilation compilation, AnalyzerOptions? options, CancellationToken cancellationToken)
    {
        var model = RequestPath.For(AdvisorContext.For(compilation), options, cancellationToken);
        var result = ImmutableArray.CreateBuilder<ReportEntryPoint>(model.EntryPoints.Length);
        foreach (var entry in model.EntryPoints)
        {
            var body = entry.Syntax ?? entry.Method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            if (body is null)
            {
                continue;
            }

            result.Add(new ReportEntryPoint(Name(entry), Kind(entry.Kind), entry.Location, body, entry.Method));
        }

        return result.ToImmutable();
    }

    private static string Name(EntryPoint entry) => entry.Kind switch
    {
        EntryPointKind.MinimalApi when entry.Syntax is not null && entry.Detail is not null => entry.Detail,
        EntryPointKind.MinimalApi when entry.Detail is not null => $"{entry.Detail} → {entry.DisplayName}",
        EntryPointKind.Middleware when entry.Syntax is not null && entry.Detail is not null => $"{entry.Detail} ({entry.DisplayName})",
        _ => entry.DisplayName,
    };

    private static string Kind(EntryPointKind kind) => kind switch
    {
        EntryPointKind.Controller => "controller action",
        EntryPointKind.RazorPage => "Razor Page handler",
        EntryPointKind.MinimalApi => "minimal API",
        EntryPointKind.Middleware => "middleware",
        EntryPointKind.Hub => "SignalR hub method",
        EntryPointKind.Grpc => "gRPC method",
        EntryPointKind.Attribute => "[RequestPath]",
        EntryPointKind.Configured => "configured entry point",
        _ => kind.ToString(),
    };
}
