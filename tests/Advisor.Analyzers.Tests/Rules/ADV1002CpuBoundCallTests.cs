using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV1002CpuBoundCallTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
    {
        var test = new AdvisorTest<CpuBoundCallAnalyzer> { TestCode = source, AspNetCore = true };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Advisor;

        """;

    private const string Imaging = """
        public static class Imaging
        {
            public static byte[] Resize(byte[] pixels, int width, int height) => Blur(pixels, width, height);

            public static byte[] Blur(byte[] pixels, int width, int height)
            {
                var output = new byte[pixels.Length];
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        output[y * width + x] = (byte)(pixels[y * width + x] / 2);
                    }
                }

                return output;
            }

            public static int Cheap(int[] values) { var s = 0; foreach (var v in values) s += v; return s; }
        }

        """;

    [Fact]
    public Task Call_from_a_controller_action_names_the_chain_and_the_reason()
        => Verify(Usings + Imaging + """
            public class ImagesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Post(byte[] pixels, int w, int h) => File({|#0:Imaging.Resize(pixels, w, h)|}, "image/raw");
            }
            """,
            new DiagnosticResult(Descriptors.ADV1002_CpuBoundCall).WithLocation(0).WithLocation(12, 74).WithLocation(17, 9).WithArguments(
                "Imaging.Resize",
                "Resize -> Blur -> nested loops",
                "nested loops over height x width with arithmetic and indexing"));

    [Fact]
    public Task Calls_from_async_methods_minimal_api_lambdas_and_method_groups_are_reported()
        => Verify(Usings + Imaging + """
            public class Thumbnails
            {
                public async Task<byte[]> MakeAsync(Func<Task<byte[]>> load)
                {
                    var pixels = await load();
                    return {|ADV1002:Imaging.Blur(pixels, 64, 64)|};
                }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/blur", (byte[] p) => {|ADV1002:Imaging.Blur(p, 8, 8)|});
                    app.MapPost("/resize", Resize);
                }

                private static byte[] Resize(byte[] p) => {|ADV1002:Imaging.Resize(p, 8, 8)|};
            }
            """);

    [Fact]
    public Task Key_derivation_and_cpu_bound_members_inside_helpers_are_followed()
        => Verify(Usings + """
            public class Passwords
            {
                public byte[] Hash(string password) => Derive(password);
                private static byte[] Derive(string password) => Rfc2898DeriveBytes.Pbkdf2(password, new byte[16], 210_000, HashAlgorithmName.SHA512, 64);
                public string Render() => Heavy.Render();
            }

            public static class Heavy { [CpuBound] public static string Render() => ""; }

            public class AccountController : ControllerBase
            {
                private readonly Passwords _passwords = new();

                [HttpPost] public IActionResult Register(string password) => Ok({|ADV1002:_passwords.Hash(password)|});
                [HttpGet] public IActionResult Page() => Ok({|ADV1002:_passwords.Render()|});
            }
            """);

    [Fact]
    public Task Recursion_in_a_helper_is_followed()
        => Verify(Usings + """
            public static class Numbers { public static long Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

            public class MathController : ControllerBase
            {
                [HttpGet] public long Get(int n) => {|ADV1002:Numbers.Fib(n)|};
            }
            """);

    [Fact]
    public Task Cheap_helpers_async_helpers_offloaded_calls_and_background_code_are_not_reported()
        => Verify(Usings + Imaging + """
            public class ImagesController : ControllerBase
            {
                [HttpGet] public int Cheap(int[] v) => Imaging.Cheap(v);

                [HttpGet]
                public async Task<IActionResult> Offloaded(byte[] p, CancellationToken ct)
                {
                    var a = await Offload.Cpu(() => Imaging.Blur(p, 8, 8), ct);
                    var b = await Task.Run(() => Imaging.Resize(p, 8, 8), ct);
                    return Ok((a, b));
                }

                [HttpGet] public Task<byte[]> ViaAsync(byte[] p) => BlurAsync(p);

                private static async Task<byte[]> BlurAsync(byte[] p) { await Task.Yield(); return p; }
            }

            public class Worker : Microsoft.Extensions.Hosting.BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) { Imaging.Blur(new byte[4], 2, 2); return Task.CompletedTask; }
            }

            public class Library
            {
                public byte[] NotRequestPath(byte[] p) => Imaging.Blur(p, 8, 8);
            }
            """);

    [Fact]
    public Task Helper_calls_inside_a_loop_reported_by_ADV1001_are_not_reported_again()
        => Verify(Usings + Imaging + """
            public class C
            {
                public async Task<int> A(int[] data)
                {
                    await Task.Yield();
                    var s = 0;
                    for (var i = 0; i < data.Length; i++) { s += data[i] * data[i] % 7; Imaging.Blur(new byte[4], 2, 2); }
                    return s;
                }
            }
            """);
}
