using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Advisor.Analyzers.Tests.Infrastructure;

public static partial class References
{
    /// <summary>
    /// "Acme.Legacy", a stand-in for a third-party library with blocking-only APIs, compiled in memory against the
    /// .NET 8 reference assemblies and referenced as metadata (as a NuGet package's assembly would be).
    /// </summary>
    public static async Task<MetadataReference> AcmeLegacyAsync()
    {
        var references = await Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create(
            "Acme.Legacy",
            new[]
            {
                CSharpSyntaxTree.ParseText("""
                    namespace Acme.Legacy
                    {
                        public class Terminal
                        {
                            public Terminal(string port) { }
                            public string ReadFrame(int length) => new string('x', length);
                            public void Flush() { }
                            public int Status => 0;
                        }
                    }
                    """),
            },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
