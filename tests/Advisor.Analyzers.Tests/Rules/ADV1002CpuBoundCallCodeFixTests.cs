using Advisor.Analyzers.Rules;
using Advisor.Analyzers.Tests.Infrastructure;
using Advisor.CodeFixes.Rules;

namespace Advisor.Analyzers.Tests.Rules;

public class ADV1002CpuBoundCallCodeFixTests
{
    private static Task Fix(string source, string fixedSource)
        => new AdvisorTest<CpuBoundCallAnalyzer, CpuBoundCallCodeFixProvider> { TestCode = source, FixedCode = fixedSource, AspNetCore = true }.RunAsync();

    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;

        """;

    private const string UsingsWithAdvisor = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Advisor;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;

        """;

    private const string Imaging = """

        public static class Imaging
        {
            public static byte[] Blur(byte[] pixels, int width, int height)
            {
                var output = new byte[pixels.Length];
                for (var y = 0; y < height; y++)
                    for (var x = 0; x < width; x++)
                        output[y * width + x] = (byte)(pixels[y * width + x] / 2);
                return output;
            }

            public static void Sharpen(byte[] pixels, ReadOnlySpan<byte> kernel)
            {
                for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(pixels[i] * kernel[i % kernel.Length] >> 3);
            }
        }
        """;

    [Fact]
    public Task Call_in_a_synchronous_action_is_offloaded_and_the_action_becomes_async()
        => Fix(Usings + """
            public class ImagesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Post(byte[] pixels, int w, int h) => File([|Imaging.Blur(pixels, w, h)|], "image/raw");
            }
            """ + Imaging, UsingsWithAdvisor + """
            public class ImagesController : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Post(byte[] pixels, int w, int h) => File(await Offload.Cpu(() => Imaging.Blur(pixels, w, h)), "image/raw");
            }
            """ + Imaging);

    [Fact]
    public Task Call_in_an_async_method_gets_the_token_and_member_access_is_parenthesised()
        => Fix(Usings + """
            public class Thumbnails
            {
                public async Task<int> MakeAsync(Func<Task<byte[]>> load, CancellationToken ct)
                {
                    var pixels = await load();
                    return [|Imaging.Blur(pixels, 64, 64)|].Length;
                }
            }
            """ + Imaging, UsingsWithAdvisor + """
            public class Thumbnails
            {
                public async Task<int> MakeAsync(Func<Task<byte[]>> load, CancellationToken ct)
                {
                    var pixels = await load();
                    return (await Offload.Cpu(() => Imaging.Blur(pixels, 64, 64), ct)).Length;
                }
            }
            """ + Imaging);

    [Fact]
    public Task Minimal_api_lambda_becomes_async()
        => Fix(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/blur", (byte[] p) => [|Imaging.Blur(p, 8, 8)|]);
                }
            }
            """ + Imaging, UsingsWithAdvisor + """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/blur", async (byte[] p) => await Offload.Cpu(() => Imaging.Blur(p, 8, 8)));
                }
            }
            """ + Imaging);

    [Fact]
    public Task No_fix_when_a_span_is_passed_or_the_helper_is_called_from_a_synchronous_non_entry_lambda()
    {
        var source = Usings + """
            public class ImagesController : ControllerBase
            {
                [HttpPost]
                public async Task<IActionResult> Post(byte[] pixels)
                {
                    await Task.Yield();
                    ReadOnlySpan<byte> kernel = stackalloc byte[] { 1, 2, 1 };
                    [|Imaging.Sharpen(pixels, kernel)|];
                    return Ok();
                }
            }
            """ + Imaging;
        return new AdvisorTest<CpuBoundCallAnalyzer, CpuBoundCallCodeFixProvider> { TestCode = source, FixedCode = source, AspNetCore = true }.RunAsync();
    }
}
