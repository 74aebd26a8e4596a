using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Advisor.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Times the four ADV4xxx analyzers on a generated compilation (fixed seed) against a baseline analyzer that visits the
// same operations and does nothing, in the same run; prints absolute times and the ratio.
var classes = args.Length > 0 ? int.Parse(args[0]) : 2000;
var random = new Random(4004);
var trees = new List<SyntaxTree>();
for (var file = 0; file < classes / 20; file++)
{
    var text = new StringBuilder("using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Net.Http; using System.Threading; using System.Threading.Tasks;\nnamespace Gen;\n");
    for (var c = 0; c < 20; c++)
    {
        var id = file * 20 + c;
        text.Append($"public class Client{id}(HttpClient http) {{ private readonly object _gate = new(); private readonly HttpClient _own = new();\n");
        for (var m = 0; m < 5; m++)
        {
            switch (random.Next(6))
            {
                case 0:
                    text.Append($" public async Task<string> Get{m}(string u, CancellationToken ct) => await http.GetStringAsync(u + {m}, ct);\n");
                    break;
                case 1:
                    text.Append($" public async Task<List<string>> Loop{m}(string[] items, CancellationToken ct) {{ var r = new List<string>(); foreach (var i in items) {{ r.Add(await _own.GetStringAsync(i, ct)); }} return r; }}\n");
                    break;
                case 2:
                    text.Append($" public Task<string[]> Fan{m}(string[] items) => Task.WhenAll(items.Select(i => _own.GetStringAsync(i)));\n");
                    break;
                case 3:
                    text.Append($" public string Locked{m}(string p) {{ lock (_gate) {{ return File.ReadAllText(p); }} }}\n");
                    break;
                case 4:
                    text.Append($" public async Task<string> Timed{m}(string u) {{ using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1)); return await _own.GetStringAsync(u, cts.Token); }}\n");
                    break;
                default:
                    text.Append($" public int Cpu{m}(int[] xs) {{ var s = 0; for (var i = 0; i < xs.Length; i++) {{ s += xs[i] * {m}; }} return s; }}\n");
                    break;
            }
        }

        text.Append("}\n");
    }

    trees.Add(CSharpSyntaxTree.ParseText(text.ToString(), new CSharpParseOptions(LanguageVersion.Latest), path: $"File{file}.cs"));
}

trees.Add(CSharpSyntaxTree.ParseText(
    "using Microsoft.Extensions.DependencyInjection; namespace Gen; static class Startup { public static void Configure(IServiceCollection s) { "
    + string.Concat(Enumerable.Range(0, classes).Where(i => i % 3 == 0).Select(i => $"s.AddHttpClient<Client{i}>().AddAdvisorGuard(); "))
    + "} }",
    new CSharpParseOptions(LanguageVersion.Latest),
    path: "Startup.cs"));

var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
var references = Directory.GetFiles(runtimeDirectory, "*.dll")
    .Where(p => !p.Contains("Native", StringComparison.Ordinal))
    .Select(p => { try { System.Reflection.AssemblyName.GetAssemblyName(p); return p; } catch (BadImageFormatException) { return null; } })
    .Where(p => p is not null)
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p!))
    .Concat(new[]
    {
        MetadataReference.CreateFromFile(typeof(Advisor.Downstream).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location),
    })
    .ToList();

Compilation Create() => CSharpCompilation.Create("Gen", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

var errors = Create().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
Console.WriteLine($"ADV4xxx timing: {classes} classes, {trees.Count} files, {classes * 5} methods, compile errors: {errors}");

var rules = ImmutableArray.Create<DiagnosticAnalyzer>(
    new UnguardedDownstreamAnalyzer(), new SequentialFanOutAnalyzer(), new FanOutWithoutDeadlineAnalyzer(), new LockAcrossBlockingAnalyzer());
var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new BaselineAnalyzer());

(double Ms, int Count) Run(ImmutableArray<DiagnosticAnalyzer> analyzers)
{
    var compilation = Create(); // a fresh compilation: no summary is reused across runs
    _ = compilation.GetDiagnostics();
    var stopwatch = Stopwatch.StartNew();
    var diagnostics = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
        .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    return (stopwatch.Elapsed.TotalMilliseconds, diagnostics.Length);
}

Run(baseline);
Run(rules); // warm-up
var baseTimes = new List<double>();
var ruleTimes = new List<double>();
var count = 0;
for (var i = 0; i < 5; i++)
{
    baseTimes.Add(Run(baseline).Ms);
    var result = Run(rules);
    ruleTimes.Add(result.Ms);
    count = result.Count;
}

double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
var baseMedian = Median(baseTimes);
var ruleMedian = Median(ruleTimes);
Console.WriteLine($"baseline (visit invocations and loops, no work): median {baseMedian:F0} ms");
Console.WriteLine($"ADV4001-ADV4004:                                 median {ruleMedian:F0} ms, {count} diagnostics");
Console.WriteLine($"ratio ADV4xxx / baseline: {ruleMedian / baseMedian:F2}");

/// <summary>Registers the same operation kinds as the ADV4xxx analyzers and does nothing: the cost of the driver itself.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BaselineAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("BASE001", "b", "b", "b", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.Loop);
    }
}
