using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV1001CpuBoundLoopCodeFixTests
{
    private static Task Fix(string source, string fixedSource)
        => new AdvisorTest<CpuBoundLoopAnalyzer, CpuBoundLoopCodeFixProvider> { TestCode = source, FixedCode = fixedSource, AspNetCore = true }.RunAsync();

    private const string Usings = """
        using System;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        """;

    private const string UsingsWithAdvisor = """
        using System;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;
        using Advisor;
        using Microsoft.AspNetCore.Mvc;

        """;

    [Fact]
    public Task Loop_in_an_async_method_moves_onto_Offload_Cpu_with_the_token_and_keeps_the_result()
        => Fix(Usings + """
            public class Checksums
            {
                public async Task<uint> ComputeAsync(Func<Task<byte[]>> load, CancellationToken cancellationToken)
                {
                    var data = await load();
                    uint crc = 0xFFFFFFFF;
                    // fold every byte
                    [|foreach|] (var b in data)
                    {
                        crc = (crc >> 8) ^ (uint)((crc ^ b) & 0xFF);
                    }

                    return ~crc;
                }
            }
            """, UsingsWithAdvisor + """
            public class Checksums
            {
                public async Task<uint> ComputeAsync(Func<Task<byte[]>> load, CancellationToken cancellationToken)
                {
                    var data = await load();
                    uint crc = 0xFFFFFFFF;
                    // fold every byte
                    await Offload.Cpu(() =>
                    {
                        foreach (var b in data)
                        {
                            crc = (crc >> 8) ^ (uint)((crc ^ b) & 0xFF);
                        }
                    }, cancellationToken);

                    return ~crc;
                }
            }
            """);

    [Fact]
    public Task Synchronous_controller_action_becomes_async_Task_of_T()
        => Fix(Usings + """
            public class ImagesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Blur(byte[] pixels, int width, int height)
                {
                    var output = new byte[pixels.Length];
                    [|for|] (var y = 1; y < height - 1; y++)
                    {
                        for (var x = 1; x < width - 1; x++)
                        {
                            var i = y * width + x;
                            output[i] = (byte)((pixels[i - 1] + pixels[i] + pixels[i + 1]) / 3);
                        }
                    }

                    return File(output, "image/raw");
                }
            }
            """, UsingsWithAdvisor + """
            public class ImagesController : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Blur(byte[] pixels, int width, int height)
                {
                    var output = new byte[pixels.Length];
                    await Offload.Cpu(() =>
                    {
                        for (var y = 1; y < height - 1; y++)
                        {
                            for (var x = 1; x < width - 1; x++)
                            {
                                var i = y * width + x;
                                output[i] = (byte)((pixels[i - 1] + pixels[i] + pixels[i + 1]) / 3);
                            }
                        }
                    });

                    return File(output, "image/raw");
                }
            }
            """);

    [Fact]
    public Task Heavy_call_is_wrapped_and_task_returning_method_becomes_async()
        => Fix(Usings + """
            public class Keys
            {
                public Task<byte[]> DeriveAsync(string password, CancellationToken ct)
                {
                    var key = [|Rfc2898DeriveBytes.Pbkdf2(password, new byte[16], 600_000, HashAlgorithmName.SHA256, 32)|];
                    return Task.FromResult(key);
                }
            }
            """, UsingsWithAdvisor + """
            public class Keys
            {
                public async Task<byte[]> DeriveAsync(string password, CancellationToken ct)
                {
                    var key = await Offload.Cpu(() => Rfc2898DeriveBytes.Pbkdf2(password, new byte[16], 600_000, HashAlgorithmName.SHA256, 32), ct);
                    return key;
                }
            }
            """);

    [Fact]
    public Task ConfigureAwait_false_style_is_followed()
        => Fix(Usings + """
            public class C
            {
                public async Task<int> M(Func<Task<int[]>> load)
                {
                    var values = await load().ConfigureAwait(false);
                    var s = 0;
                    [|for|] (var i = 0; i < values.Length; i++) { s += values[i] * values[i] % 7; }
                    return s;
                }
            }
            """, UsingsWithAdvisor + """
            public class C
            {
                public async Task<int> M(Func<Task<int[]>> load)
                {
                    var values = await load().ConfigureAwait(false);
                    var s = 0;
                    await Offload.Cpu(() => { for (var i = 0; i < values.Length; i++) { s += values[i] * values[i] % 7; } }).ConfigureAwait(false);
                    return s;
                }
            }
            """);

    [Fact]
    public Task No_fix_when_spans_ref_locals_returns_or_unassigned_results_are_involved()
    {
        var source = Usings + """
            public class C
            {
                public async Task<int> Returns(int[] values)
                {
                    await Task.Yield();
                    var s = 0;
                    [|for|] (var i = 0; i < values.Length; i++) { s += values[i] * values[i] % 7; if (s > 100) return s; }
                    return s;
                }

                public async Task<int> Unassigned(int[] values)
                {
                    await Task.Yield();
                    int s;
                    var i = 0;
                    [|do|] { s = values[i] * values[i] % 7; i++; } while (i < values.Length);
                    return s;
                }

                public async Task<int> WithLock(int[] values)
                {
                    await Task.Yield();
                    var s = 0;
                    lock (values)
                    {
                        [|for|] (var i = 0; i < values.Length; i++) { s += values[i] * values[i] % 7; }
                    }
                    return s;
                }
            }
            """;
        return new AdvisorTest<CpuBoundLoopAnalyzer, CpuBoundLoopCodeFixProvider> { TestCode = source, FixedCode = source, AspNetCore = true }.RunAsync();
    }

    [Fact]
    public Task No_fix_when_the_loop_captures_a_span()
    {
        var source = Usings + """
            public class HomeController : ControllerBase
            {
                [HttpGet]
                public int Get(byte[] data)
                {
                    ReadOnlySpan<byte> span = data;
                    var s = 0;
                    [|for|] (var i = 0; i < span.Length; i++) { s = (s * 31) ^ span[i]; }
                    return s;
                }
            }
            """;
        return new AdvisorTest<CpuBoundLoopAnalyzer, CpuBoundLoopCodeFixProvider> { TestCode = source, FixedCode = source, AspNetCore = true }.RunAsync();
    }
}
