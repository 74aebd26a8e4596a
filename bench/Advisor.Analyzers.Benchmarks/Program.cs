using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Advisor.Analyzers.Benchmarks;
using Advisor.Analyzers.Benchmarks.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Advisor analyzer benchmark: one process, one compilation per size, Advisor and peer analyzers side by side.
// dotnet run -c Release --project bench/Advisor.Analyzers.Benchmarks [-- --sizes 500,2000,5000 --repeat 3 --seed N | --quick]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var settings = BenchSettings.Parse(args);
if (settings is null)
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Advisor.Analyzers.Benchmarks -- [options]
          --sizes 500,2000,5000   file counts of the generated services (default)
          --repeat N              measured runs per size, median reported (default 3 up to 1,000 files, 1 above)
          --seed N                generator seed (default 20261128)
          --quick                 sizes 200,800, one run each: a smoke run of a few minutes
          --only A,B              measure only the analyzers whose type names contain A or B (profiling one rule)
        """);
    return 2;
}

var output = Console.Out;
output.WriteLine($"Advisor analyzer benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
output.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, Roslyn {PeerAnalyzers.RunningRoslynVersion()}");
output.WriteLine($"settings: sizes {string.Join(",", settings.Sizes)}; measured runs per size: {string.Join(",", settings.Sizes.Select(settings.RunsFor))} (median) after one warm-up compilation of {Bench.WarmUpFiles} files; seed {settings.Seed}; serial build and serial analysis (ConcurrentBuild=false, concurrentAnalysis=false), TieredCompilation off");
output.WriteLine($"references: {FrameworkReferences.Describe()}");
output.WriteLine("peer analyzers:");

var advisor = AnalyzerDiscovery.AdvisorAnalyzers()
    .Select(a => new MeasuredAnalyzer(a, "Advisor", a.GetType().Name, AnalyzerDiscovery.RuleIds(a)))
    .Where(m => settings.Includes(m.Name))
    .ToImmutableArray();
var peers = PeerAnalyzers.Load(output).Where(m => settings.Includes(m.Name)).ToImmutableArray();
var measured = advisor.AddRange(peers);
output.WriteLine($"Advisor analyzers (by reflection): {string.Join(", ", advisor.Select(a => a.Label))}");
output.WriteLine();

var diagnosticOptions = DiagnosticOptions(peers);
Bench.WarmUp(settings, measured, diagnosticOptions, output);
var results = new List<SizeResult>();
foreach (var size in settings.Sizes)
{
    var result = Bench.Run(size, settings, measured, diagnosticOptions, output);
    results.Add(result);
    Report.PrintSize(result, measured, output);
}

Report.PrintScaling(results, measured, output);
Report.PrintTargets(results, measured, output);
return 0;

// Only the compared peer rules run: every other diagnostic of a peer analyzer is suppressed (the driver then skips
// work that only feeds suppressed rules), and the compared ones are enabled even where they are off by default (CA1849).
static ImmutableDictionary<string, ReportDiagnostic> DiagnosticOptions(ImmutableArray<MeasuredAnalyzer> peers)
{
    var builder = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
    foreach (var peer in peers)
    {
        foreach (var descriptor in peer.Analyzer.SupportedDiagnostics)
        {
            if (!builder.ContainsKey(descriptor.Id) || builder[descriptor.Id] == ReportDiagnostic.Suppress)
            {
                builder[descriptor.Id] = peer.Rules.Contains(descriptor.Id) ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress;
            }
        }
    }

    foreach (var peer in peers)
    {
        foreach (var rule in peer.Rules)
        {
            builder[rule] = ReportDiagnostic.Warn;
        }
    }

    return builder.ToImmutable();
}

internal sealed record BenchSettings(ImmutableArray<int> Sizes, int? Repeat, int Seed, ImmutableArray<string> Only)
{
    /// <summary>True when <paramref name="name"/> (an analyzer type name) is measured: every analyzer unless --only names some.</summary>
    public bool Includes(string name) => Only.IsEmpty || Only.Any(o => name.Contains(o, StringComparison.OrdinalIgnoreCase));

    /// <summary>Measured runs at one size: large compilations vary less and cost minutes per run.</summary>
    public int RunsFor(int size) => Repeat ?? (size <= 1000 ? 3 : 1);

    public static BenchSettings? Parse(string[] args)
    {
        var sizes = ImmutableArray.Create(500, 2000, 5000);
        int? repeat = null;
        var seed = ServiceCodeGenerator.DefaultSeed;
        var only = ImmutableArray<string>.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    sizes = ImmutableArray.Create(200, 800);
                    repeat = 1;
                    break;
                case "--sizes" when i + 1 < args.Length:
                    sizes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToImmutableArray();
                    break;
                case "--repeat" when i + 1 < args.Length:
                    repeat = Math.Max(1, int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--only" when i + 1 < args.Length:
                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray();
                    break;
                default:
                    return null;
            }
        }

        return new BenchSettings(sizes, repeat, seed, only);
    }
}

internal sealed record SizeResult(
    int Files,
    int Lines,
    double CompileMs,
    double AnalysisWallMs,
    ImmutableDictionary<DiagnosticAnalyzer, double> AnalyzerMs,
    ImmutableDictionary<string, int> DiagnosticCounts,
    double CompileCpuMs,
    double AnalysisCpuMs,
    double BaselineCpuMs,
    double WithAdvisorCpuMs)
{
    /// <summary>
    /// What all Advisor analyzers add to a build that binds operations anyway: the CPU time of a run with the binding
    /// baseline and every Advisor analyzer, minus that of a run with the baseline alone (see <see cref="Advisor.Analyzers.Benchmarks.BindingBaselineAnalyzer"/>).
    /// </summary>
    public double AdvisorIncrementalCpuMs => Math.Max(0, WithAdvisorCpuMs - BaselineCpuMs);

    /// <summary>
    /// The share of wall-clock time the analysis run actually got a core: its process CPU time over its wall time.
    /// Roslyn's telemetry measures each callback with a wall clock, so on a loaded machine it includes time the thread
    /// waited for a core; all analyzers of one serial run interleave per event and wait alike, so multiplying their
    /// telemetry by this factor gives CPU time comparable with the compile's CPU time and across sizes.
    /// </summary>
    public double CpuFactor => AnalysisWallMs > 0 ? Math.Min(1.0, AnalysisCpuMs / AnalysisWallMs) : 1.0;

    /// <summary>An analyzer's telemetry time in CPU terms (see <see cref="CpuFactor"/>).</summary>
    public double CpuMs(DiagnosticAnalyzer analyzer) => AnalyzerMs[analyzer] * CpuFactor;
}

internal static class Bench
{
    public const int WarmUpFiles = 120;

    /// <summary>Compiles and analyzes a small service once, so every measured run sees jitted compiler and analyzer code.</summary>
    public static void WarmUp(BenchSettings settings, ImmutableArray<MeasuredAnalyzer> measured, ImmutableDictionary<string, ReportDiagnostic> diagnosticOptions, TextWriter log)
    {
        log.WriteLine($"warm-up: {WarmUpFiles} files ...");
        var compilation = CreateCompilation(ServiceCodeGenerator.Generate(WarmUpFiles, settings.Seed + 1), diagnosticOptions);
        _ = compilation.Clone().GetDiagnostics();
        _ = Analyze(compilation, measured.Select(m => m.Analyzer).ToImmutableArray());
    }

    public static SizeResult Run(int size, BenchSettings settings, ImmutableArray<MeasuredAnalyzer> measured, ImmutableDictionary<string, ReportDiagnostic> diagnosticOptions, TextWriter log)
    {
        var files = ServiceCodeGenerator.Generate(size, settings.Seed);
        var lines = files.Sum(f => f.Text.Count(c => c == '\n'));
        var compilation = CreateCompilation(files, diagnosticOptions);
        var runs = settings.RunsFor(size);

        log.WriteLine($"== {size} files, {lines:N0} lines: {runs} compile run(s) ...");
        var compileTimes = new List<double>();
        var compileCpu = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var fresh = compilation.Clone();
            var cpu = ProcessCpuMs();
            var stopwatch = Stopwatch.StartNew();
            var diagnostics = fresh.GetDiagnostics();
            stopwatch.Stop();
            compileCpu.Add(ProcessCpuMs() - cpu);
            compileTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"Generated code does not compile ({errors.Count} errors), first: {errors[0]}");
            }
        }

        var analyzers = measured.Select(m => m.Analyzer).ToImmutableArray();
        var perAnalyzer = analyzers.ToDictionary(a => a, _ => new List<double>());
        var wallTimes = new List<double>();
        var analysisCpu = new List<double>();
        var counts = ImmutableDictionary<string, int>.Empty;
        for (var run = 0; run < runs; run++)
        {
            log.WriteLine($"   analysis run {run + 1} of {runs} ...");
            var cpu = ProcessCpuMs();
            var result = Analyze(compilation, analyzers);
            analysisCpu.Add(ProcessCpuMs() - cpu);
            wallTimes.Add(result.WallMs);
            counts = result.Counts;
            foreach (var analyzer in analyzers)
            {
                perAnalyzer[analyzer].Add(result.Times[analyzer]);
            }
        }

        // Advisor's incremental cost: the baseline alone, then the baseline with every Advisor analyzer (no peers).
        var baseline = new BindingBaselineAnalyzer();
        var advisorOnly = measured.Where(m => m.IsAdvisor).Select(m => m.Analyzer).ToImmutableArray();
        var baselineCpu = new List<double>();
        var withAdvisorCpu = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            log.WriteLine($"   incremental run {run + 1} of {runs}: binding baseline, then baseline + Advisor ...");
            var cpu = ProcessCpuMs();
            _ = Analyze(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(baseline));
            baselineCpu.Add(ProcessCpuMs() - cpu);
            cpu = ProcessCpuMs();
            _ = Analyze(compilation, advisorOnly.Insert(0, baseline));
            withAdvisorCpu.Add(ProcessCpuMs() - cpu);
        }

        return new SizeResult(
            size,
            lines,
            Median(compileTimes),
            Median(wallTimes),
            perAnalyzer.ToImmutableDictionary(p => p.Key, p => Median(p.Value)),
            counts,
            Median(compileCpu),
            Median(analysisCpu),
            Median(baselineCpu),
            Median(withAdvisorCpu));
    }

    private static CSharpCompilation CreateCompilation(IReadOnlyList<GeneratedFile> files, ImmutableDictionary<string, ReportDiagnostic> diagnosticOptions)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, f.Path)).ToImmutableArray();
        var references = FrameworkReferences.Web.Add(MetadataReference.CreateFromFile(typeof(Advisor.Offload).Assembly.Location));
        return CSharpCompilation.Create(
            $"Acme.Service{files.Count}",
            trees,
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: false,
                specificDiagnosticOptions: diagnosticOptions));
    }

    /// <summary>One analyzer run on a fresh copy of the compilation (no semantic state shared with earlier runs).</summary>
    private static (double WallMs, ImmutableDictionary<DiagnosticAnalyzer, double> Times, ImmutableDictionary<string, int> Counts) Analyze(
        CSharpCompilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.Clone().WithAnalyzers(analyzers, options);
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        stopwatch.Stop();
        if (exceptions.Count > 0)
        {
            throw new InvalidOperationException("Analyzer exceptions:\n" + string.Join("\n", exceptions.Distinct(StringComparer.Ordinal).Take(10)));
        }

        var times = analyzers.ToImmutableDictionary(
            a => a,
            a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
        var counts = diagnostics.GroupBy(d => d.Id, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return (stopwatch.Elapsed.TotalMilliseconds, times, counts);
    }

    private static double ProcessCpuMs()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}

internal static class Report
{
    public static void PrintSize(SizeResult r, ImmutableArray<MeasuredAnalyzer> measured, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine($"### {r.Files:N0} files ({r.Lines:N0} lines)");
        o.WriteLine();
        o.WriteLine($"Compile (semantic, GetDiagnostics): {r.CompileMs:N0} ms wall ({r.CompileCpuMs:N0} ms process CPU). Whole analyzer run incl. the driver's own binding: {r.AnalysisWallMs:N0} ms wall ({r.AnalysisCpuMs:N0} ms CPU).");
        o.WriteLine();
        o.WriteLine($"CPU factor of the analysis run (CPU/wall): {r.CpuFactor:N2}; analyzer CPU ms = telemetry ms × factor; share = analyzer CPU ms / compile CPU ms.");
        o.WriteLine();
        o.WriteLine("| analyzer | package | rules | telemetry (ms, wall) | CPU (ms) | share of compile | diagnostics |");
        o.WriteLine("|---|---|---|---:|---:|---:|---:|");
        foreach (var m in measured)
        {
            var ms = r.AnalyzerMs[m.Analyzer];
            var cpu = r.CpuMs(m.Analyzer);
            var count = m.Rules.Sum(id => r.DiagnosticCounts.GetValueOrDefault(id));
            o.WriteLine($"| {m.Name} | {m.Source} | {string.Join(", ", m.Rules)} | {ms:N1} | {cpu:N1} | {Percent(cpu, r.CompileCpuMs)} | {count:N0} |");
        }

        var advisorTotal = AdvisorTotal(r, measured);
        o.WriteLine($"| **all Advisor analyzers** | Advisor | | **{advisorTotal / r.CpuFactor:N1}** | **{advisorTotal:N1}** | **{Percent(advisorTotal, r.CompileCpuMs)}** | |");
        o.WriteLine();
        o.WriteLine($"Incremental cost of all Advisor analyzers: binding baseline alone {r.BaselineCpuMs:N0} ms CPU, baseline + Advisor {r.WithAdvisorCpuMs:N0} ms CPU: **+{r.AdvisorIncrementalCpuMs:N0} ms = {Percent(r.AdvisorIncrementalCpuMs, r.CompileCpuMs)} of compile**. (The telemetry total above also counts the method-body binding Advisor's summaries do before the driver would.)");
        o.WriteLine();
        o.WriteLine("Advisor-to-peer ratios (CPU time; below 1 means Advisor is cheaper):");
        o.WriteLine();
        o.WriteLine("| Advisor | peer | Advisor CPU ms | peer CPU ms | ratio |");
        o.WriteLine("|---|---|---:|---:|---:|");
        foreach (var (mine, theirs) in Comparisons)
        {
            var a = RuleTime(r, measured, mine);
            var p = RuleTime(r, measured, theirs);
            o.WriteLine($"| {string.Join(" + ", mine)} | {string.Join(" + ", theirs)} | {Ms(a)} | {Ms(p)} | {Ratio(a, p)} |");
        }
    }

    public static void PrintScaling(List<SizeResult> results, ImmutableArray<MeasuredAnalyzer> measured, TextWriter o)
    {
        if (results.Count == 0)
        {
            return;
        }

        var first = results[0];
        var last = results[^1];
        o.WriteLine();
        o.WriteLine("### Scaling: CPU time per file (µs)");
        o.WriteLine();
        o.WriteLine($"| analyzer | {string.Join(" | ", results.Select(r => $"{r.Files:N0} files"))} | growth {first.Files:N0} → {last.Files:N0} |");
        o.WriteLine($"|---|{string.Concat(results.Select(_ => "---:|"))}---:|");
        Row("compile (semantic, CPU)", r => r.CompileCpuMs);
        foreach (var m in measured)
        {
            Row(m.Name, r => r.CpuMs(m.Analyzer));
        }

        Row("all Advisor analyzers", r => AdvisorTotal(r, measured));
        Row("all Advisor analyzers, incremental over the binding baseline", r => r.AdvisorIncrementalCpuMs);

        void Row(string name, Func<SizeResult, double> ms)
        {
            var perFile = results.Select(r => ms(r) * 1000 / r.Files).ToList();
            o.WriteLine($"| {name} | {string.Join(" | ", perFile.Select(v => v.ToString("N1", CultureInfo.InvariantCulture)))} | {Ratio(perFile[^1], perFile[0])} |");
        }
    }

    public static void PrintTargets(List<SizeResult> results, ImmutableArray<MeasuredAnalyzer> measured, TextWriter o)
    {
        if (results.Count == 0)
        {
            return;
        }

        var largest = results.MaxBy(r => r.Files)!;
        var smallest = results.MinBy(r => r.Files)!;
        o.WriteLine();
        o.WriteLine($"### Targets (at {largest.Files:N0} files)");
        o.WriteLine();
        var advisorTotal = AdvisorTotal(largest, measured);
        var incremental = largest.AdvisorIncrementalCpuMs;
        Check($"all Advisor analyzers ≤ 10% of semantic compile time (incremental CPU over the binding baseline): {Percent(incremental, largest.CompileCpuMs)}", incremental <= 0.10 * largest.CompileCpuMs);
        Check($"all Advisor analyzers ≤ 10% of semantic compile time (telemetry, including body binding done ahead of the driver): {Percent(advisorTotal, largest.CompileCpuMs)}", advisorTotal <= 0.10 * largest.CompileCpuMs);
        var adv2002 = RuleTime(largest, measured, new[] { "ADV2002" });
        var ca1849 = RuleTime(largest, measured, new[] { "CA1849" });
        Check($"ADV2002 ≤ CA1849: {Ms(adv2002)} vs {Ms(ca1849)} ms", adv2002 is { } x && ca1849 is { } y ? x <= y : null);
        var both = RuleTime(largest, measured, new[] { "ADV2001", "ADV2002" });
        var ma0042 = RuleTime(largest, measured, new[] { "MA0042" });
        Check($"ADV2001 + ADV2002 ≤ MA0042: {Ms(both)} vs {Ms(ma0042)} ms", both is { } b && ma0042 is { } peer && RuleTime(largest, measured, new[] { "ADV2002" }) is not null ? b <= peer : null);
        if (smallest != largest)
        {
            var growth = (AdvisorTotal(largest, measured) / largest.Files) / (AdvisorTotal(smallest, measured) / smallest.Files);
            Check($"Advisor time per file grows < 1.5x from {smallest.Files:N0} to {largest.Files:N0} files: {growth:N2}x", growth < 1.5);
            var incrementalGrowth = (largest.AdvisorIncrementalCpuMs / largest.Files) / (smallest.AdvisorIncrementalCpuMs / smallest.Files);
            Check($"Advisor incremental time per file grows < 1.5x from {smallest.Files:N0} to {largest.Files:N0} files: {incrementalGrowth:N2}x", incrementalGrowth < 1.5);
            foreach (var m in measured.Where(m => m.IsAdvisor))
            {
                var g = (largest.CpuMs(m.Analyzer) / largest.Files) / (smallest.CpuMs(m.Analyzer) / smallest.Files);
                Check($"  {m.Name} per-file growth {g:N2}x", g < 1.5);
            }
        }

        void Check(string text, bool? ok)
            => o.WriteLine($"- {(ok is null ? "n/a " : ok.Value ? "PASS" : "MISS")} {text}");
    }

    private static readonly (string[] Mine, string[] Theirs)[] Comparisons =
    {
        (new[] { "ADV2002" }, new[] { "CA1849" }),
        (new[] { "ADV2002" }, new[] { "VSTHRD103" }),
        (new[] { "ADV2001" }, new[] { "VSTHRD002" }),
        (new[] { "ADV2001", "ADV2002" }, new[] { "MA0042" }),
    };

    /// <summary>Time of the analyzers reporting any of <paramref name="rules"/> (each analyzer counted once); null when no analyzer reports them.</summary>
    private static double? RuleTime(SizeResult r, ImmutableArray<MeasuredAnalyzer> measured, IEnumerable<string> rules)
    {
        var set = rules.ToHashSet(StringComparer.Ordinal);
        var matching = measured.Where(m => m.Rules.Any(set.Contains)).ToList();
        return matching.Count == 0 ? null : matching.Sum(m => r.CpuMs(m.Analyzer));
    }

    private static double AdvisorTotal(SizeResult r, ImmutableArray<MeasuredAnalyzer> measured)
        => measured.Where(m => m.IsAdvisor).Sum(m => r.CpuMs(m.Analyzer));

    private static string Percent(double part, double whole) => whole <= 0 ? "-" : (part / whole).ToString("P1", CultureInfo.InvariantCulture);

    private static string Ms(double? ms) => ms is { } v ? v.ToString("N1", CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? (x / y).ToString("N2", CultureInfo.InvariantCulture) : "n/a";
}
