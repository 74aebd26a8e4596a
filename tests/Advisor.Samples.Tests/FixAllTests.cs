using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace Advisor.Samples.Tests;

/// <summary>
/// Fix All with every Advisor code fix over each Before project: the result must compile and carry no diagnostic that
/// a fix is still offered for. Diagnostics of rules without a fix, or cases a fix declines (ADV2002 on the
/// File.AppendAllText inside Checkout's lock: an await cannot go inside a lock), are listed in the test output.
/// </summary>
public sealed class FixAllTests(ITestOutputHelper output)
{
    private const int MaxRounds = 8;

    public static TheoryData<string> Before => new(SampleProjects.BeforeProjects);

    [Theory]
    [MemberData(nameof(Before))]
    public async Task Fix_All_on_the_Before_project_compiles_and_clears_the_fixable_diagnostics(string relativeDirectory)
    {
        var sample = SampleProjects.Load(relativeDirectory);
        using var workspace = new AdhocWorkspace();
        var project = CreateProject(workspace, sample);
        var fixers = SampleProjects.CodeFixes;
        var fixableIds = fixers.SelectMany(f => f.FixableDiagnosticIds).Where(SampleProjects.IsAdvisorId).ToImmutableHashSet();
        output.WriteLine($"Code fixes for: {string.Join(", ", fixableIds.Order())}");

        var initial = await AnalyzeAsync(project);
        output.WriteLine($"Before Fix All: {Summary(initial)}");

        for (var round = 0; round < MaxRounds; round++)
        {
            var diagnostics = await AnalyzeAsync(project);
            var fixable = diagnostics.Where(d => fixableIds.Contains(d.Id)).ToList();
            if (fixable.Count == 0)
            {
                break;
            }

            var changed = false;
            foreach (var fixer in fixers)
            {
                var mine = fixable.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToList();
                if (mine.Count == 0)
                {
                    continue;
                }

                var fixedProject = await FixAllAsync(project, fixer, mine);
                if (fixedProject is not null)
                {
                    project = fixedProject;
                    changed = true;
                    break; // Re-analyze: one fix can change what the others see.
                }
            }

            if (!changed)
            {
                break;
            }
        }

        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        foreach (var document in project.Documents)
        {
            output.WriteLine($"---- {document.Name} after Fix All\n{await document.GetTextAsync()}");
        }

        Assert.True(errors.Count == 0, "The fixed code does not compile:\n" + string.Join("\n", errors));

        var remaining = await SampleProjects.AnalyzeAsync(compilation);
        output.WriteLine($"After Fix All: {Summary(remaining)}");
        // A fixer may decline a case on purpose (no action offered, e.g. an await cannot go inside a lock): those are
        // listed. A diagnostic that still gets an action offered after Fix All is a failure.
        var unfixed = new List<Diagnostic>();
        var fixedProjectForCheck = project;
        foreach (var diagnostic in remaining.Where(d => fixableIds.Contains(d.Id)))
        {
            var document = fixedProjectForCheck.Documents.Single(d => d.FilePath == diagnostic.Location.SourceTree!.FilePath);
            var rebound = (await AnalyzeAsync(fixedProjectForCheck)).First(d => d.Id == diagnostic.Id && d.Location.SourceSpan == diagnostic.Location.SourceSpan && d.Location.SourceTree!.FilePath == document.FilePath);
            var offered = 0;
            foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, rebound, (_, _) => offered++, CancellationToken.None));
            }

            if (offered > 0)
            {
                unfixed.Add(diagnostic);
            }
            else
            {
                output.WriteLine("fix declined (no action offered): " + ExpectationMarkers.Describe([diagnostic])[0]);
            }
        }

        Assert.True(unfixed.Count == 0, "Fix All left diagnostics that a fix is offered for:\n  " + string.Join("\n  ", ExpectationMarkers.Describe(unfixed)));
    }

    private static Project CreateProject(AdhocWorkspace workspace, SampleProject sample)
    {
        var projectId = ProjectId.CreateNewId(sample.Name);
        var info = ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            sample.Name,
            sample.Name,
            LanguageNames.CSharp,
            compilationOptions: SampleProjects.CompilationOptions,
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: SampleProjects.References);
        var solution = workspace.CurrentSolution.AddProject(info);
        foreach (var (path, text) in sample.Sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, path), Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        Assert.True(workspace.TryApplyChanges(solution));
        return workspace.CurrentSolution.GetProject(projectId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
        => await SampleProjects.AnalyzeAsync((await project.GetCompilationAsync())!);

    /// <summary>Runs the fixer's Fix All (project scope) with the equivalence key of its first offered action.</summary>
    private static async Task<Project?> FixAllAsync(Project project, CodeFixProvider fixer, List<Diagnostic> diagnostics)
    {
        var first = diagnostics[0];
        var document = project.GetDocument(first.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, first, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        if (actions.Count == 0)
        {
            return null;
        }

        var fixAll = fixer.GetFixAllProvider();
        if (fixAll is null)
        {
            return null;
        }

        var ids = fixer.FixableDiagnosticIds.ToImmutableHashSet();
        var fixAllContext = new FixAllContext(
            document,
            fixer,
            FixAllScope.Project,
            actions[0].EquivalenceKey,
            ids,
            new ProjectDiagnostics(project, diagnostics),
            CancellationToken.None);
        var action = await fixAll.GetFixAsync(fixAllContext);
        if (action is null)
        {
            return null;
        }

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault();
        if (apply is null)
        {
            return null;
        }

        var changed = apply.ChangedSolution.GetProject(project.Id)!;
        return changed.GetChanges(project).GetChangedDocuments().Any() ? changed : null;
    }

    private static string Summary(IEnumerable<Diagnostic> diagnostics)
    {
        var groups = diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}").ToList();
        return groups.Count == 0 ? "no Advisor diagnostics" : string.Join(", ", groups);
    }

    /// <summary>Hands Fix All the diagnostics computed for the project.</summary>
    private sealed class ProjectDiagnostics(Project project, List<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project1, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(project1.Id == project.Id ? diagnostics : []);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project1, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>([]);
    }
}
