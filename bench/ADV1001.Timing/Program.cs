// Times ADV1001 and ADV1002 on a large generated ASP.NET Core compilation and prints ratios against a baseline
// measured in the same run (binding the whole compilation: GetDiagnostics). Fixed seed: the same code every run.
//
//   dotnet run -c Release --project bench/ADV1001.Timing [files] [iterations]
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Advisor.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

var files = args.Length > 0 ? int.Parse(args[0]) : 300;
var iterations = args.Length > 1 ? int.Parse(args[1]) : 5;

var references = LoadReferences();
var trees = Generate(files, seed: 42);
var lines = trees.Sum(t => t.GetText().Lines.Count);
Console.WriteLine($"Generated {trees.Length} files, {lines:N0} lines, {trees.Sum(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Count()):N0} methods (seed 42).");

var compilation = CSharpCompilation.Create(
    "Generated",
    trees,
    references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
if (errors.Count > 0)
{
    Console.WriteLine("Generated code does not compile:");
    foreach (var error in errors.Take(10))
    {
        Console.WriteLine(error);
    }

    return 1;
}

var scenarios = new (string Name, DiagnosticAnalyzer[] Analyzers)[]
{
    ("baseline (bind all, no analyzer)", Array.Empty<DiagnosticAnalyzer>()),
    ("ADV2001 (reference rule)", new DiagnosticAnalyzer[] { new BlockingWaitAnalyzer() }),
    ("ADV1001", new DiagnosticAnalyzer[] { new CpuBoundLoopAnalyzer() }),
    ("ADV1002", new DiagnosticAnalyzer[] { new CpuBoundCallAnalyzer() }),
    ("ADV1001 + ADV1002", new DiagnosticAnalyzer[] { new CpuBoundLoopAnalyzer(), new CpuBoundCallAnalyzer() }),
    ("ADV1001 + ADV1002 + ADV3001 + ADV3002", new DiagnosticAnalyzer[] { new CpuBoundLoopAnalyzer(), new CpuBoundCallAnalyzer(), new ParallelLoopAnalyzer(), new ThreadPerWorkItemAnalyzer() }),
};

var results = new List<(string Name, double Median, double Min, int Count)>();
foreach (var (name, analyzers) in scenarios)
{
    var times = new List<double>();
    var count = 0;
    for (var i = 0; i <= iterations; i++)
    {
        // A fresh compilation each time: nothing bound, no per-compilation Advisor caches.
        var fresh = compilation.Clone();
        var stopwatch = Stopwatch.StartNew();
        if (analyzers.Length == 0)
        {
            count = fresh.GetDiagnostics().Length;
        }
        else
        {
            var withAnalyzers = fresh.WithAnalyzers(ImmutableArray.Create(analyzers), new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
            count = diagnostics.Count(d => d.Id.StartsWith("ADV", StringComparison.Ordinal));
            var crashes = diagnostics.Where(d => d.Id == "AD0001").ToList();
            if (crashes.Count > 0)
            {
                Console.WriteLine("AD0001: " + crashes[0].GetMessage());
                return 2;
            }
        }

        stopwatch.Stop();
        if (i > 0)
        {
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    results.Add((name, times[times.Count / 2], times[0], count));
}

var baseline = results[0].Median;
Console.WriteLine();
Console.WriteLine($"{"scenario",-42} {"median ms",10} {"min ms",10} {"x baseline",11} {"diagnostics",12}");
foreach (var (name, median, min, count) in results)
{
    Console.WriteLine($"{name,-42} {median,10:N0} {min,10:N0} {median / baseline,11:N2} {count,12:N0}");
}

Console.WriteLine();
Console.WriteLine("Baseline = Compilation.GetDiagnostics (binds every method body). Analyzer rows include that binding,");
Console.WriteLine("so 'x baseline' - 1 is the analyzers' own share. Median of " + iterations + " runs after one warm-up, concurrent analysis.");
return 0;

static ImmutableArray<MetadataReference> LoadReferences()
{
    var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    var builder = ImmutableArray.CreateBuilder<MetadataReference>();
    foreach (var pack in new[] { "microsoft.netcore.app.ref", "microsoft.aspnetcore.app.ref" })
    {
        var root = Path.Combine(packages, pack);
        var version = Directory.GetDirectories(root).Where(d => Path.GetFileName(d).StartsWith("8.0.", StringComparison.Ordinal)).OrderBy(d => d, StringComparer.Ordinal).Last();
        foreach (var dll in Directory.GetFiles(Path.Combine(version, "ref", "net8.0"), "*.dll"))
        {
            builder.Add(MetadataReference.CreateFromFile(dll));
        }
    }

    return builder.ToImmutable();
}

// Per file: a controller (sync and async actions, minimal-API style registrations), a helper class with call chains
// into the next files, heavy loops in some helpers, cheap mapping loops in most, loops that await, offloaded work.
static ImmutableArray<SyntaxTree> Generate(int files, int seed)
{
    var random = new Random(seed);
    var trees = ImmutableArray.CreateBuilder<SyntaxTree>();
    for (var f = 0; f < files; f++)
    {
        var next = (f + 1) % files;
        var source = new StringBuilder();
        source.AppendLine("using System; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks;");
        source.AppendLine("using Microsoft.AspNetCore.Builder; using Microsoft.AspNetCore.Mvc;");
        source.AppendLine($"namespace App{f} {{");
        source.AppendLine($"public record Item{f}(int Id, string Name, decimal Price, int Quantity);");
        source.AppendLine($"public static class Helpers{f} {{");
        for (var m = 0; m < 12; m++)
        {
            var kind = random.Next(10);
            source.AppendLine($"  public static int H{m}(int[] data, int width, int height) {{");
            source.AppendLine("    var s = 0;");
            switch (kind)
            {
                case 0:
                    source.AppendLine("    for (var y = 0; y < height; y++) for (var x = 0; x < width; x++) s += data[y * width + x] * 3 % 7;");
                    break;
                case 1:
                    source.AppendLine("    foreach (var b in data) s = (s * 31) ^ b;");
                    break;
                case 2:
                case 3:
                    source.AppendLine($"    s += App{next}.Helpers{next}.H{random.Next(12)}(data, width, height);");
                    break;
                default:
                    source.AppendLine("    for (var i = 0; i < 8; i++) s += i;");
                    source.AppendLine("    foreach (var d in data) { if (d > 0) s++; }");
                    break;
            }

            source.AppendLine($"    return s + H{(m + 1) % 12}Cheap(width);");
            source.AppendLine("  }");
            source.AppendLine($"  public static int H{m}Cheap(int x) => x + {m};");
        }

        source.AppendLine("}");
        source.AppendLine($"public class Orders{f}Controller : ControllerBase {{");
        for (var a = 0; a < 6; a++)
        {
            source.AppendLine($"  [HttpGet] public IActionResult Get{a}(int[] data, int w, int h) => Ok(Helpers{f}.H{random.Next(12)}(data, w, h));");
            source.AppendLine($"  [HttpGet] public async Task<IActionResult> List{a}(Func<Task<List<Item{f}>>> load, CancellationToken ct) {{");
            source.AppendLine("    var items = await load();");
            source.AppendLine("    var names = new List<string>();");
            source.AppendLine("    foreach (var item in items) { if (item.Quantity > 0) names.Add(item.Name + \":\" + item.Price * item.Quantity); }");
            source.AppendLine("    foreach (var item in items) { var more = await load(); names.Add(more.Count.ToString()); }");
            source.AppendLine("    var total = await Task.Run(() => { var t = 0; for (var i = 0; i < items.Count; i++) t += items[i].Id * 3 % 5; return t; }, ct);");
            source.AppendLine("    return Ok((names, total));");
            source.AppendLine("  }");
        }

        source.AppendLine("}");
        source.AppendLine($"public static class Endpoints{f} {{ public static void Map(WebApplication app) {{ app.MapGet(\"/e{f}\", (int n) => Helpers{f}.H0(new int[n], n, 1)); app.MapGet(\"/c{f}\", (int n) => n * 2); }} }}");
        source.AppendLine("}");
        trees.Add(CSharpSyntaxTree.ParseText(source.ToString(), new CSharpParseOptions(LanguageVersion.Latest), path: $"File{f}.cs"));
    }

    return trees.ToImmutable();
}
