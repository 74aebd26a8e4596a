using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV4004LockAcrossBlockingTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task Run(string source) => Verify<LockAcrossBlockingAnalyzer>.Analyzer(Usings + source);

    [Fact]
    public Task Blocking_calls_under_every_lock_form_are_reported() => Run("""
        class C
        {
            private readonly object _gate = new();
            private readonly SemaphoreSlim _semaphore = new(1);
            private readonly HttpClient _http = new();

            string Lock(string path)
            {
                lock (_gate)
                {
                    return [|File.ReadAllText(path)|];
                }
            }

            void Monitor_(HttpRequestMessage request)
            {
                var taken = false;
                try
                {
                    Monitor.Enter(_gate, ref taken);
                    [|_http.Send(request)|];
                }
                finally
                {
                    if (taken) Monitor.Exit(_gate);
                }
            }

            void Semaphore()
            {
                _semaphore.Wait();
                try
                {
                    [|Thread.Sleep(100)|];
                }
                finally
                {
                    _semaphore.Release();
                }
            }

            async Task AsyncSemaphore(Stream stream, byte[] buffer)
            {
                await _semaphore.WaitAsync();
                try
                {
                    [|stream.Read(buffer, 0, buffer.Length)|];
                }
                finally
                {
                    _semaphore.Release();
                }
            }
        }
        """);

    [Fact]
    public Task Non_blocking_work_and_released_locks_are_not_reported() => Run("""
        class C
        {
            private readonly object _gate = new();
            private readonly SemaphoreSlim _semaphore = new(1);
            private readonly HttpClient _http = new();
            private int _count;

            void InMemory(byte[] buffer)
            {
                lock (_gate)
                {
                    using var memory = new MemoryStream(buffer);
                    memory.Read(buffer, 0, 1);
                    _count++;
                }
            }

            async Task Awaited(CancellationToken ct)
            {
                await _semaphore.WaitAsync(ct);
                try
                {
                    await _http.GetStringAsync("https://a.example/", ct);
                }
                finally
                {
                    _semaphore.Release();
                }
            }

            void AfterRelease(string path)
            {
                _semaphore.Wait();
                _count++;
                _semaphore.Release();
                File.ReadAllText(path);
            }

            void Lambda(string path)
            {
                lock (_gate)
                {
                    Func<string> later = () => File.ReadAllText(path);
                }
            }

            void NoLock(string path) => File.ReadAllText(path);
        }
        """);
}
