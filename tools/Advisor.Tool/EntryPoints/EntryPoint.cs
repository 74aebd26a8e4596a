using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Advisor.Tool.EntryPoints;

/// <summary>A request-path entry point found in a compilation.</summary>
/// <param name="Name">What a reader recognises: "GET /orders/{id}", "OrdersController.Get", "TimingMiddleware.InvokeAsync".</param>
/// <param name="Kind">"minimal API", "controller action", "middleware", ...</param>
/// <param name="Location">Where to point the reader (the Map call, the method name).</param>
/// <param name="Body">The syntax that runs for the request (method declaration or lambda).</param>
/// <param name="Symbol">The method or lambda symbol, when it binds.</param>
internal sealed record EntryPoint(string Name, string Kind, Location Location, SyntaxNode Body, IMethodSymbol? Symbol);

/// <summary>Where the report gets its entry points from. One place to swap the detection.</summary>
internal interface IEntryPointSource
{
    ImmutableArray<EntryPoint> Find(Compilation compilation, CancellationToken cancellationToken);
}
