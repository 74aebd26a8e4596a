using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Advisor.CodeFixes.Infrastructure;

/// <summary>
/// Base class of Advisor's fixers. One code path fixes one diagnostic or all of a document's diagnostics at once
/// (<see cref="FixDocumentAsync"/>), so Fix All composes edits in one editor instead of merging text changes:
/// several awaits in one method make it async once.
/// </summary>
public abstract class AdvisorCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(async (context, document, diagnostics) =>
            await FixDocumentAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    /// <summary>Applies the fix identified by <paramref name="equivalenceKey"/> to every diagnostic in the document.</summary>
    internal abstract Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

    /// <summary>A code action that runs <see cref="FixDocumentAsync"/> for one diagnostic.</summary>
    internal CodeAction CreateAction(string title, string equivalenceKey, Document document, Diagnostic diagnostic)
        => CodeAction.Create(
            title,
            cancellationToken => FixDocumentAsync(document, ImmutableArray.Create(diagnostic), equivalenceKey, cancellationToken),
            equivalenceKey);
}
