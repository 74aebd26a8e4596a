using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Advisor.Analyzers.Infrastructure;

/// <summary>Where a blocking API came from; travels to the code fix and into the documentation.</summary>
internal enum BlockingApiSource
{
    /// <summary>Advisor's built-in catalogue.</summary>
    BuiltIn,

    /// <summary>An <c>advisor.blocking.*.txt</c> AdditionalFile (a user's, or one a NuGet package ships).</summary>
    CatalogueFile,

    /// <summary>The <c>advisor.blocking_apis</c> <c>.editorconfig</c> key.</summary>
    EditorConfig,

    /// <summary><c>[Advisor.Blocking]</c> on the member, its property or its type.</summary>
    Attribute,
}

/// <summary>
/// APIs that block the calling thread and have no async counterpart (ADV2003), and the routes that extend or trim that
/// list. Precedence, strongest first:
/// <list type="number">
/// <item><c>advisor.blocking_apis.excluded</c> in <c>.editorconfig</c>: never blocking;</item>
/// <item><c>advisor.blocking_apis</c> in <c>.editorconfig</c>: blocking;</item>
/// <item>lines starting with <c>!</c> in any <c>advisor.blocking.*.txt</c> AdditionalFile: never blocking;</item>
/// <item>entries of those files, <c>[Blocking]</c>, and the built-in catalogue: blocking.</item>
/// </list>
/// A call whose timeout argument is the constant zero (<c>WaitOne(0)</c>, <c>Join(TimeSpan.Zero)</c>,
/// <c>TryEnter(o, 0)</c>) is a poll, never a wait, whatever the route. One instance per compilation and set of
/// AdditionalFiles; the <c>.editorconfig</c> keys are read per syntax tree through <see cref="OptionsCache"/>.
/// </summary>
internal sealed class BlockingCatalogue
{
    public const string IncludeKey = "advisor.blocking_apis";
    public const string ExcludeKey = "advisor.blocking_apis.excluded";

    /// <summary>
    /// Members that always block (unless given a zero timeout). Dotted names match every overload; documentation-comment
    /// IDs match one. APIs with an async twin (Stream.Read, Thread.Sleep, SemaphoreSlim.Wait, Dns.GetHostEntry, ...) are
    /// ADV2002's and are not listed.
    /// </summary>
    internal static readonly ImmutableArray<string> BuiltInEntries = ImmutableArray.Create(
        // Wait handles and events (ManualResetEvent, AutoResetEvent, Mutex, Semaphore, EventWaitHandle inherit these).
        "System.Threading.WaitHandle.WaitOne",
        "System.Threading.WaitHandle.WaitAll",
        "System.Threading.WaitHandle.WaitAny",
        "System.Threading.WaitHandle.SignalAndWait",
        "System.Threading.ManualResetEventSlim.Wait",
        "System.Threading.CountdownEvent.Wait",
        "System.Threading.Barrier.SignalAndWait",
        // Monitors, threads and spinning.
        "System.Threading.Monitor.Wait",
        "System.Threading.Thread.Join",
        "System.Threading.SpinWait.SpinUntil",
        // Reader/writer locks.
        "System.Threading.ReaderWriterLockSlim.EnterReadLock",
        "System.Threading.ReaderWriterLockSlim.EnterWriteLock",
        "System.Threading.ReaderWriterLockSlim.EnterUpgradeableReadLock",
        "System.Threading.ReaderWriterLock.AcquireReaderLock",
        "System.Threading.ReaderWriterLock.AcquireWriterLock",
        "System.Threading.ReaderWriterLock.UpgradeToWriterLock",
        // Producer/consumer.
        "System.Collections.Concurrent.BlockingCollection`1.Take",
        "System.Collections.Concurrent.BlockingCollection`1.TakeFromAny",
        "System.Collections.Concurrent.BlockingCollection`1.GetConsumingEnumerable",
        // Console and devices.
        "System.Console.ReadLine",
        "System.Console.Read",
        "System.Console.ReadKey",
        "System.IO.Ports.SerialPort.Read",
        "System.IO.Ports.SerialPort.ReadByte",
        "System.IO.Ports.SerialPort.ReadChar",
        "System.IO.Ports.SerialPort.ReadExisting",
        "System.IO.Ports.SerialPort.ReadLine",
        "System.IO.Ports.SerialPort.ReadTo",
        "System.IO.Ports.SerialPort.Write",
        "System.IO.Ports.SerialPort.WriteLine",
        "System.IO.Pipes.PipeStream.WaitForPipeDrain",
        "System.IO.FileSystemWatcher.WaitForChanged",
        // Processes and the runtime.
        "System.Diagnostics.Process.WaitForInputIdle",
        "System.GC.WaitForPendingFinalizers",
        "System.GC.WaitForFullGCApproach",
        "System.GC.WaitForFullGCComplete",
        // Legacy networking whose async forms have other shapes (event-based or differently named).
        "System.Net.WebClient.DownloadString",
        "System.Net.WebClient.DownloadData",
        "System.Net.WebClient.DownloadFile",
        "System.Net.WebClient.UploadString",
        "System.Net.WebClient.UploadData",
        "System.Net.WebClient.UploadFile",
        "System.Net.WebClient.UploadValues",
        "System.Net.WebClient.OpenRead",
        "System.Net.WebClient.OpenWrite",
        "System.Net.NetworkInformation.Ping.Send",
        "System.Net.Mail.SmtpClient.Send",
        "System.Net.Sockets.Socket.Poll",
        "System.Net.Sockets.Socket.Select",
        "System.Net.Sockets.UdpClient.Receive");

    /// <summary>Members that block only when given a timeout (the overloads without one return at once).</summary>
    internal static readonly ImmutableArray<string> BuiltInTimedEntries = ImmutableArray.Create(
        "System.Threading.Monitor.TryEnter",
        "System.Threading.ReaderWriterLockSlim.TryEnterReadLock",
        "System.Threading.ReaderWriterLockSlim.TryEnterWriteLock",
        "System.Threading.ReaderWriterLockSlim.TryEnterUpgradeableReadLock",
        "System.Collections.Concurrent.BlockingCollection`1.TryTake",
        "System.Collections.Concurrent.BlockingCollection`1.TryTakeFromAny");

    private static readonly char[] s_separators = { '/', '\\' };

    // The built-in sets are parsed per catalogue, that is per compilation: an ApiSet caches the symbols it has
    // matched, so a static instance would keep every compilation it ever saw alive (the NoLeak tests check this).
    private readonly ApiSet _builtIn = ApiSet.Parse(BuiltInEntries);
    private readonly ApiSet _builtInTimed = ApiSet.Parse(BuiltInTimedEntries);

    private readonly AdvisorContext _advisor;
    private readonly AnalyzerOptions _options;
    private readonly ApiSet _fileIncludes;
    private readonly ApiSet _fileExcludes;
    private readonly ConcurrentDictionary<SyntaxTree, (ApiSet Includes, ApiSet Excludes)> _editorConfig = new();
    private readonly Func<SyntaxTree, (ApiSet, ApiSet)> _readEditorConfig;

    private BlockingCatalogue(AdvisorContext advisor, AnalyzerOptions options, ApiSet fileIncludes, ApiSet fileExcludes)
    {
        _advisor = advisor;
        _options = options;
        _fileIncludes = fileIncludes;
        _fileExcludes = fileExcludes;
        _readEditorConfig = tree => (_advisor.Options.GetApiSet(_options, tree, IncludeKey), _advisor.Options.GetApiSet(_options, tree, ExcludeKey));
    }

    /// <summary>The catalogue for this compilation and these options, built once and shared.</summary>
    public static BlockingCatalogue For(AdvisorContext advisor, AnalyzerOptions options, CancellationToken cancellationToken)
        => advisor.GetSummary(
            new CatalogueKey(options),
            (context, token) => Build(context, options, token),
            cancellationToken);

    /// <summary>True for the file names a catalogue may have: <c>advisor.blocking.txt</c>, <c>advisor.blocking.acme.txt</c>.</summary>
    public static bool IsCatalogueFile(string path)
    {
        // Either separator: the host OS decides which one a build uses, not the analyzer's.
        var name = path.Substring(path.LastIndexOfAny(s_separators) + 1);
        return name.StartsWith("advisor.blocking.", StringComparison.OrdinalIgnoreCase)
               && name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Parses one catalogue file: documentation-comment IDs or dotted names, one per line; <c>#</c> starts a comment
    /// line (and <c> #</c> a trailing one); a line starting with <c>!</c> excludes the API instead.
    /// </summary>
    public static void ParseFile(string text, List<string> includes, List<string> excludes)
    {
        using var reader = new StringReader(text);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (trimmed[0] == '!')
            {
                excludes.Add(trimmed.Substring(1).Trim());
            }
            else
            {
                includes.Add(trimmed);
            }
        }
    }

    /// <summary>
    /// How <paramref name="operation"/> (an invocation, object creation or property read) blocks, or null when it does
    /// not: not in any catalogue, excluded, or given a zero timeout.
    /// </summary>
    public BlockingApiSource? Classify(IOperation operation)
    {
        ISymbol? member;
        IMethodSymbol? method;
        ImmutableArray<IArgumentOperation> arguments;
        switch (operation)
        {
            case IInvocationOperation invocation:
                member = method = invocation.TargetMethod;
                arguments = invocation.Arguments;
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                member = method = constructor;
                arguments = creation.Arguments;
                break;
            case IPropertyReferenceOperation property:
                member = property.Property;
                method = property.Property.GetMethod;
                arguments = property.Arguments;
                break;
            default:
                return null;
        }

        var source = ClassifyMember(member, method, operation.Syntax.SyntaxTree, out var timedOnly);
        if (source is null || HasZeroTimeout(arguments))
        {
            return null;
        }

        return timedOnly && !HasTimeout(arguments) ? null : source;
    }

    /// <summary>A short display name for a member: <c>WaitHandle.WaitOne</c>, <c>new Client</c>.</summary>
    public static string Describe(ISymbol member)
    {
        member = member.OriginalDefinition;
        if (member is IMethodSymbol { ReducedFrom: { } reducedFrom })
        {
            member = reducedFrom;
        }

        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
        {
            return "new " + constructor.ContainingType.Name;
        }

        if (member is IMethodSymbol { AssociatedSymbol: IPropertySymbol property })
        {
            member = property;
        }

        return member.ContainingType is { } type ? type.Name + "." + member.Name : member.Name;
    }

    /// <summary>
    /// True when a timeout argument is the constant zero (or <c>TimeSpan.Zero</c>): a poll that returns at once.
    /// </summary>
    public static bool HasZeroTimeout(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter && IsTimeoutParameter(parameter) && IsZero(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTimeout(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter && IsTimeoutParameter(parameter))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTimeoutParameter(IParameterSymbol parameter)
        => parameter.Name.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0
           || parameter.Name.Equals("milliseconds", StringComparison.OrdinalIgnoreCase)
           || parameter.Name.Equals("microSeconds", StringComparison.OrdinalIgnoreCase);

    private static bool IsZero(IOperation value)
    {
        var stripped = value.WalkDownConversions();
        if (stripped?.ConstantValue is { HasValue: true, Value: { } constant })
        {
            return constant is 0 or 0L or 0u or 0uL;
        }

        return stripped is IFieldReferenceOperation { Field: { Name: "Zero", ContainingType: { Name: "TimeSpan" } } };
    }

    private BlockingApiSource? ClassifyMember(ISymbol member, IMethodSymbol? method, SyntaxTree tree, out bool timedOnly)
    {
        timedOnly = false;
        var (editorIncludes, editorExcludes) = _editorConfig.GetOrAdd(tree, _readEditorConfig);
        if (MatchesAny(editorExcludes, member, method))
        {
            return null;
        }

        if (MatchesAny(editorIncludes, member, method))
        {
            return BlockingApiSource.EditorConfig;
        }

        if (MatchesAny(_fileExcludes, member, method))
        {
            return null;
        }

        if (MatchesAny(_fileIncludes, member, method))
        {
            return BlockingApiSource.CatalogueFile;
        }

        if (HasBlockingAttribute(member, method))
        {
            return BlockingApiSource.Attribute;
        }

        if (MatchesAny(_builtIn, member, method))
        {
            return BlockingApiSource.BuiltIn;
        }

        if (MatchesAny(_builtInTimed, member, method))
        {
            timedOnly = true;
            return BlockingApiSource.BuiltIn;
        }

        return null;
    }

    // The member itself, the property behind an accessor, and the members it overrides (a WaitHandle subclass that
    // overrides WaitOne still waits).
    private static bool MatchesAny(ApiSet set, ISymbol member, IMethodSymbol? method)
    {
        if (set.IsEmpty)
        {
            return false;
        }

        if (set.Contains(member) || (method is not null && !SymbolEqualityComparer.Default.Equals(method, member) && set.Contains(method)))
        {
            return true;
        }

        for (var overridden = (method ?? member as IMethodSymbol)?.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (set.Contains(overridden))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasBlockingAttribute(ISymbol member, IMethodSymbol? method)
    {
        var attribute = _advisor.Symbols.BlockingAttribute;
        if (attribute is null)
        {
            return false;
        }

        return Has(member) || (method is not null && Has(method)) || (method?.AssociatedSymbol is { } associated && Has(associated))
               || (member.ContainingType is { } type && Has(type));

        bool Has(ISymbol symbol)
        {
            foreach (var data in symbol.OriginalDefinition.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static BlockingCatalogue Build(AdvisorContext advisor, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var includes = new List<string>();
        var excludes = new List<string>();

        // Layered: every catalogue file contributes, in a stable order (by path) so results never depend on MSBuild's.
        var files = new List<AdditionalText>();
        foreach (var file in options.AdditionalFiles)
        {
            if (IsCatalogueFile(file.Path))
            {
                files.Add(file);
            }
        }

        files.Sort(static (left, right) => string.CompareOrdinal(left.Path, right.Path));
        foreach (var file in files)
        {
            var text = file.GetText(cancellationToken);
            if (text is not null)
            {
                ParseFile(text.ToString(), includes, excludes);
            }
        }

        return new BlockingCatalogue(advisor, options, ApiSet.Parse(includes), ApiSet.Parse(excludes));
    }

    /// <summary>Summary key: one catalogue per set of AdditionalFiles (the same for every analyzer of a build).</summary>
    private sealed class CatalogueKey : IEquatable<CatalogueKey>
    {
        private readonly ImmutableArray<AdditionalText> _files;

        public CatalogueKey(AnalyzerOptions options) => _files = options.AdditionalFiles;

        public bool Equals(CatalogueKey? other) => other is not null && _files == other._files;

        public override bool Equals(object? obj) => Equals(obj as CatalogueKey);

        public override int GetHashCode() => _files.IsDefault ? 0 : _files.Length;
    }
}
