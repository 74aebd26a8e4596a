using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Advisor.Analyzers.Infrastructure;
using Advisor.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

// Generates a large compilation (fixed seed) of services whose async handlers call chains of synchronous helpers
// (depth 1-5, across files, with recursion and cycles; about half end in a blocking call), then times, each on a fresh
// compilation over the same syntax trees, and prints medians and ratios measured in this run:
//   compile  = Compilation.GetDiagnostics() (binding and checking every method body);
//   summary  = BlockingSummary.Get for every method of the compilation (binds each body once, walks the call graph);
//   ADV2004  = the analyzer end to end through CompilationWithAnalyzers (its callbacks plus the summary it asks for).
var files = args.Length > 0 ? int.Parse(args[0]) : 2000;
var runs = args.Length > 1 ? int.Parse(args[1]) : 3;
// "all" (default) times every phase; "walk" times compile and the summary over already-bound bodies only.
var mode = args.Length > 2 ? args[2] : "all";

var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
    .Split(Path.PathSeparator)
    .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Threading.dll"
        or "System.Threading.Thread.dll" or "System.Collections.Concurrent.dll" or "System.Console.dll" or "System.Linq.dll"
        or "System.Collections.dll" or "netstandard.dll")
    .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
    .ToImmutableArray();

var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var trees = Generate(files, seed: 20261128).Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: $"/gen/Service{i}.cs")).ToArray();
var lines = trees.Sum(t => t.GetText().Lines.Count);

CSharpCompilation NewCompilation(int? take = null) => CSharpCompilation.Create(
    "Generated",
    take is { } n ? trees.Take(n) : trees,
    references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, concurrentBuild: false));

var errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine("generated code does not compile:\n" + string.Join("\n", errors));
    return 1;
}

var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
int blockingMethods = 0, methods = 0, reported = 0;

double Compile(int? take = null)
{
    var compilation = NewCompilation(take);
    var watch = Stopwatch.StartNew();
    _ = compilation.GetDiagnostics();
    return watch.Elapsed.TotalMilliseconds;
}

double Summary(int? take = null)
{
    var compilation = NewCompilation(take);
    var watch = Stopwatch.StartNew();
    var summary = BlockingSummary.For(AdvisorContext.For(compilation), options, CancellationToken.None);
    int total = 0, blocking = 0;
    foreach (var method in AllMethods(compilation.Assembly.GlobalNamespace))
    {
        total++;
        if (summary.Get(method, CancellationToken.None) is not null)
        {
            blocking++;
        }
    }

    var elapsed = watch.Elapsed.TotalMilliseconds;
    (methods, blockingMethods) = (total, blocking);
    return elapsed;
}

double Analyzer(int? take = null)
{
    var compilation = NewCompilation(take);
    var watch = Stopwatch.StartNew();
    var withAnalyzers = compilation.WithAnalyzers(
        ImmutableArray.Create<DiagnosticAnalyzer>(new BlockingHelperAnalyzer()),
        new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
    reported = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
    return watch.Elapsed.TotalMilliseconds;
}

// Binding every method body to IOperation, alone: the part of the summary any IOperation analyzer pays too.
double BindOnly(int? take = null)
{
    var compilation = NewCompilation(take);
    var watch = Stopwatch.StartNew();
    var bodies = AdvisorContext.For(compilation).Bodies;
    foreach (var method in AllMethods(compilation.Assembly.GlobalNamespace))
    {
        _ = bodies.Get(method, CancellationToken.None);
    }

    return watch.Elapsed.TotalMilliseconds;
}

// The analyzer driver with an analyzer that registers the same operation kinds and does nothing: the baseline every
// IOperation analyzer pays (binding through the driver's shared semantic models, callbacks).
double Baseline(int? take = null)
{
    var compilation = NewCompilation(take);
    var watch = Stopwatch.StartNew();
    var withAnalyzers = compilation.WithAnalyzers(
        ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer()),
        new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
    _ = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    return watch.Elapsed.TotalMilliseconds;
}

// The summary's own cost when the method bodies are already bound and their operation trees built, as they are
// under the analyzer driver (whose semantic models the summary shares): binding is done untimed first.
double Walk(int? take = null)
{
    var compilation = NewCompilation(take);
    var advisor = AdvisorContext.For(compilation);
    var all = AllMethods(compilation.Assembly.GlobalNamespace).ToList();
    foreach (var method in all)
    {
        if (advisor.Bodies.Get(method, CancellationToken.None) is { } body)
        {
            foreach (var operation in body.Descendants())
            {
                _ = operation.Kind;
            }
        }
    }

    var watch = Stopwatch.StartNew();
    var summary = BlockingSummary.For(advisor, options, CancellationToken.None);
    var blocking = 0;
    foreach (var method in all)
    {
        if (summary.Get(method, CancellationToken.None) is not null)
        {
            blocking++;
        }
    }

    var elapsed = watch.Elapsed.TotalMilliseconds;
    (methods, blockingMethods) = (all.Count, blocking);
    return elapsed;
}

if (mode == "walk")
{
    _ = new[] { Compile(50), Walk(50) };
    var compiled = Median(Enumerable.Range(0, runs).Select(_ => Compile()));
    var walked = Median(Enumerable.Range(0, runs).Select(_ => Walk()));
    Console.WriteLine($"files {files}, lines {lines}, methods {methods}, blocking methods {blockingMethods}, runs {runs} (median)");
    Console.WriteLine($"compile (GetDiagnostics)                 {compiled,9:F0} ms");
    Console.WriteLine($"blocking summary over bound bodies       {walked,9:F0} ms   {walked / compiled:P1} of compile");
    return 0;
}

// Warm up the JIT on every path (on a slice of the files) before timing.
var warm = new[] { Compile(50), BindOnly(50), Summary(50), Baseline(50), Analyzer(50) };
_ = warm;

var compile = Median(Enumerable.Range(0, runs).Select(_ => Compile()));
var bind = Median(Enumerable.Range(0, runs).Select(_ => BindOnly()));
var summaryTime = Median(Enumerable.Range(0, runs).Select(_ => Summary()));
var baseline = Median(Enumerable.Range(0, runs).Select(_ => Baseline()));
var analyzer = Median(Enumerable.Range(0, runs).Select(_ => Analyzer()));

Console.WriteLine($"files {files}, lines {lines}, methods {methods}, blocking methods {blockingMethods}, ADV2004 diagnostics {reported}, runs {runs} (median)");
Console.WriteLine($"compile (GetDiagnostics)                 {compile,9:F0} ms");
Console.WriteLine($"bind every body to IOperation            {bind,9:F0} ms   {bind / compile:P1} of compile");
Console.WriteLine($"blocking summary, all methods (cold)     {summaryTime,9:F0} ms   {summaryTime / compile:P1} of compile");
Console.WriteLine($"  of which the summary's own walk        {summaryTime - bind,9:F0} ms   {(summaryTime - bind) / compile:P1} of compile");
Console.WriteLine($"driver + empty IOperation analyzer       {baseline,9:F0} ms   {baseline / compile:P1} of compile");
Console.WriteLine($"driver + ADV2004                         {analyzer,9:F0} ms   {analyzer / compile:P1} of compile");
Console.WriteLine($"  ADV2004's marginal cost                {analyzer - baseline,9:F0} ms   {(analyzer - baseline) / compile:P1} of compile");
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}

static IEnumerable<IMethodSymbol> AllMethods(INamespaceOrTypeSymbol container)
{
    foreach (var member in container.GetMembers())
    {
        if (member is INamespaceOrTypeSymbol nested)
        {
            foreach (var method in AllMethods(nested))
            {
                yield return method;
            }
        }
        else if (member is IMethodSymbol method && !method.IsImplicitlyDeclared)
        {
            yield return method;
        }
    }
}

// Each file: one service with an async handler, a chain of synchronous helpers (depth 1-5) of which about half end in
// a blocking call, a recursive helper, calls into helpers of earlier files (cross-file chains and, through
// Mutual(), cycles between files), and some pure computation.
static IEnumerable<string> Generate(int count, int seed)
{
    var random = new Random(seed);
    string[] blocking =
    {
        "_ready.WaitOne();",
        "_worker.Join();",
        "_ = _queue.Take();",
        "_ = System.IO.File.ReadAllText(\"x\");",
        "_ = _pending.Result;",
        "System.Threading.Thread.Sleep(1);",
        "_ = System.Console.ReadLine();",
    };

    for (var i = 0; i < count; i++)
    {
        var depth = random.Next(1, 6);
        var blocks = random.Next(2) == 0;
        var other = i == 0 ? 0 : random.Next(i);
        var builder = new StringBuilder();
        builder.Append($$"""
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Generated.Area{{i % 50}};

            public sealed class Service{{i}}
            {
                private readonly ManualResetEvent _ready = new(false);
                private readonly Thread _worker = new(() => { });
                private readonly BlockingCollection<int> _queue = new();
                private readonly Task<int> _pending = Task.FromResult(0);
                private int _state;

                public async Task<int> HandleAsync(int input)
                {
                    await Task.Yield();
                    var total = Step0(input) + Compute(input);
                    total += Recurse(input % 7);
                    total += Generated.Area{{other % 50}}.Service{{other}}.Shared(input);
                    return total + State;
                }

                public int State { get { return _state; } }

                public static int Shared(int value) => Mutual(value, 3);

                private static int Mutual(int value, int hops) => hops == 0 ? value : Generated.Area{{other % 50}}.Service{{other}}.Shared(value + hops - hops);

                private int Recurse(int n) => n <= 0 ? 0 : Recurse(n - 1) + 1;

                private int Compute(int n)
                {
                    var sum = 0;
                    for (var k = 0; k < n; k++)
                    {
                        sum += k * k % 7;
                    }

                    return sum;
                }

            """);

        for (var d = 0; d < depth; d++)
        {
            var last = d == depth - 1;
            builder.Append($$"""
                    private int Step{{d}}(int value)
                    {
                        var local = value * {{d + 1}};
                        {{(last ? (blocks ? blocking[random.Next(blocking.Length)] : "local += 1;") : $"local += Step{d + 1}(local);")}}
                        return local;
                    }

                """);
        }

        builder.Append("}\n");
        yield return builder.ToString();
    }
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new("BENCH0001", "never", "never", "bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.PropertyReference);
    }
}
