using Advisor.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Advisor.Analyzers.Tests.Infrastructure;

public class AsyncTwinsTests
{
    private const string Source = """
        using System;
        using System.Data.Common;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Lib
        {
            public class Client
            {
                public string Get(int id) => "";
                public int Count() => 0;
                public T Load<T>(string key) => default!;
                public Task<T> LoadAsync<T>(string key, CancellationToken cancellationToken = default) => Task.FromResult<T>(default!);
                public void Old() { }
                [Obsolete] public Task OldAsync() => Task.CompletedTask;
                public void Hidden() { }
                internal Task HiddenAsync() => Task.CompletedTask;
                public int Mismatch(string s) => 0;
                public Task<int> MismatchAsync(int s) => Task.FromResult(0);
                public string Settings => "";
                public Task<string> GetSettingsAsync() => Task.FromResult("");
                public void Save(params object[] values) { }
                public Task SaveAsync(params object[] values) => Task.CompletedTask;
                public Task SaveAsync(object[] values, CancellationToken cancellationToken) => Task.CompletedTask;
                public void Push(string value) { }
                public Task PushAsync(string value, CancellationToken cancellationToken) => Task.CompletedTask;
            }

            public static class ClientExtensions
            {
                public static Task<string> GetAsync(this Client client, int id) => Task.FromResult("");
            }
        }

        class Calls
        {
            void M(Stream stream, byte[] buffer, Lib.Client client, HttpClient http, HttpRequestMessage request, DbCommand command, SemaphoreSlim gate, Task task, string text)
            {
                File.ReadAllText("a");
                stream.Read(buffer, 0, 1);
                stream.Read(buffer.AsSpan());
                stream.Write(buffer.AsSpan());
                Thread.Sleep(10);
                Thread.Sleep(TimeSpan.Zero);
                http.Send(request);
                command.ExecuteReader();
                gate.Wait();
                task.Wait();
                text.Substring(1);
                client.Get(1);
                client.Count();
                client.Load<int>("k");
                client.Old();
                client.Hidden();
                client.Mismatch("");
                client.Save(1, 2);
                client.Push("x");
                _ = client.Settings;
                buffer.ToList();
            }
        }
        """;

    private static async Task<(Compilation Compilation, AsyncTwins Twins)> CreateAsync()
    {
        var compilation = await TestCompilation.CreateAsync(Source);
        return (compilation, AsyncTwins.For(AdvisorContext.For(compilation)));
    }

    private static AsyncTwin? TwinOf(Compilation compilation, AsyncTwins twins, string call)
    {
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var node = tree.GetRoot().DescendantNodes().OfType<ExpressionStatementSyntax>().Single(s => s.Expression.ToString() == call).Expression;
        if (node is AssignmentExpressionSyntax assignment)
        {
            var property = (IPropertySymbol)model.GetSymbolInfo(assignment.Right).Symbol!;
            return twins.TryGetTwin(property, out var propertyTwin) ? propertyTwin : null;
        }

        var method = (IMethodSymbol)model.GetSymbolInfo(node).Symbol!;
        return twins.TryGetTwin(method, out var twin) ? twin : null;
    }

    [Theory]
    [InlineData("File.ReadAllText(\"a\")", "ReadAllTextAsync", "Rename", "Optional")]
    [InlineData("stream.Read(buffer, 0, 1)", "ReadAsync", "Rename", "Optional")]
    [InlineData("stream.Read(buffer.AsSpan())", "ReadAsync", "SpanToMemory", "Optional")]
    [InlineData("stream.Write(buffer.AsSpan())", "WriteAsync", "SpanToMemory", "Optional")]
    [InlineData("Thread.Sleep(10)", "Delay", "Delay", "Optional")]
    [InlineData("Thread.Sleep(TimeSpan.Zero)", "Delay", "Delay", "Optional")]
    [InlineData("http.Send(request)", "SendAsync", "Rename", "Optional")]
    [InlineData("command.ExecuteReader()", "ExecuteReaderAsync", "Rename", "Optional")]
    [InlineData("gate.Wait()", "WaitAsync", "Rename", "Optional")]
    [InlineData("client.Get(1)", "GetAsync", "Extension", "None")]
    [InlineData("client.Load<int>(\"k\")", "LoadAsync", "Rename", "Optional")]
    [InlineData("client.Save(1, 2)", "SaveAsync", "Rename", "None")]
    [InlineData("client.Push(\"x\")", "PushAsync", "Rename", "Required")]
    [InlineData("_ = client.Settings", "GetSettingsAsync", "PropertyGetter", "None")]
    public async Task Twins_are_found_by_signature(string call, string twinName, string kind, string token)
    {
        var (compilation, twins) = await CreateAsync();
        var twin = TwinOf(compilation, twins, call);
        Assert.NotNull(twin);
        Assert.Equal(twinName, twin.Method.Name);
        Assert.Equal(kind, twin.Kind.ToString());
        Assert.Equal(token, twin.Token.ToString());
    }

    [Theory]
    [InlineData("task.Wait()")] // ADV2001's business
    [InlineData("text.Substring(1)")] // no twin at all
    [InlineData("client.Count()")] // no twin at all
    [InlineData("client.Old()")] // twin is [Obsolete]
    [InlineData("client.Hidden()")] // twin is less accessible
    [InlineData("client.Mismatch(\"\")")] // parameters differ
    [InlineData("buffer.ToList()")] // Enumerable operator without EF Core
    public async Task No_twin_when_the_signature_does_not_match(string call)
    {
        var (compilation, twins) = await CreateAsync();
        Assert.Null(TwinOf(compilation, twins, call));
    }

    [Fact]
    public async Task Answers_are_cached_per_compilation()
    {
        var (compilation, twins) = await CreateAsync();
        Assert.Same(twins, AsyncTwins.For(AdvisorContext.For(compilation)));
        Assert.Same(TwinOf(compilation, twins, "File.ReadAllText(\"a\")"), TwinOf(compilation, twins, "File.ReadAllText(\"a\")"));
    }
}
