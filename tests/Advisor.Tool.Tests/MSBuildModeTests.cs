namespace Advisor.Tool.Tests;

/// <summary>A restored two-project solution outside this repository, built once for the MSBuild tests.</summary>
public sealed class ShopSolution : IDisposable
{
    public ShopSolution()
    {
        Folder = new TestFolder(
            ("Shop/Shop.csproj", """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="../Shop.Core/Shop.Core.csproj" />
                  </ItemGroup>
                </Project>
                """),
            ("Shop/Program.cs", Sources.BlockingMinimalApi),
            ("Shop/Cart.cs", Sources.Controller),
            ("Shop.Core/Shop.Core.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """),
            ("Shop.Core/Inventory.cs", """
                namespace Shop.Core;

                public static class Inventory
                {
                    public static async Task<int> CountAsync(Task<int> pending)
                    {
                        await Task.Yield();
                        pending.Wait();
                        return pending.Result;
                    }
                }
                """),
            ("Shop.sln", """
                Microsoft Visual Studio Solution File, Format Version 12.00
                # Visual Studio Version 17
                VisualStudioVersion = 17.0.31903.59
                MinimumVisualStudioVersion = 10.0.40219.1
                Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Shop", "Shop\Shop.csproj", "{6B3C5E0A-1D7A-4B52-9E1B-2C4F0A9D8E11}"
                EndProject
                Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Shop.Core", "Shop.Core\Shop.Core.csproj", "{0F5D2C7B-8A3E-4D61-B4C2-7E9A1B3C5D22}"
                EndProject
                Global
                	GlobalSection(SolutionConfigurationPlatforms) = preSolution
                		Debug|Any CPU = Debug|Any CPU
                	EndGlobalSection
                	GlobalSection(ProjectConfigurationPlatforms) = postSolution
                		{6B3C5E0A-1D7A-4B52-9E1B-2C4F0A9D8E11}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
                		{6B3C5E0A-1D7A-4B52-9E1B-2C4F0A9D8E11}.Debug|Any CPU.Build.0 = Debug|Any CPU
                		{0F5D2C7B-8A3E-4D61-B4C2-7E9A1B3C5D22}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
                		{0F5D2C7B-8A3E-4D61-B4C2-7E9A1B3C5D22}.Debug|Any CPU.Build.0 = Debug|Any CPU
                	EndGlobalSection
                EndGlobal
                """));
        Tool.Run(Folder.Path, "dotnet", "restore", "Shop.sln", "--verbosity", "quiet");
    }

    public TestFolder Folder { get; }

    public void Dispose() => Folder.Dispose();
}

public class MSBuildModeTests : IClassFixture<ShopSolution>
{
    private readonly ShopSolution _shop;

    public MSBuildModeTests(ShopSolution shop) => _shop = shop;

    [Fact]
    public async Task Csproj_mode_loads_the_project_with_msbuild()
    {
        var (exit, output, error) = await Tool.RunAsync(_shop.Folder.File("Shop/Shop.csproj"), "--fail-on", "warning");

        Assert.Equal(1, exit);
        Assert.Contains("(project, 1 project(s): Shop)", output);
        Assert.DoesNotContain("\nwarning: ", output);
        Assert.Contains("GET /orders/{id}  (minimal API, Program.cs:5)", output);
        Assert.Contains("CartController.Get  (controller action, Cart.cs:10)", output);
        Assert.Contains("Cart.cs:19:", output);
        Assert.Contains("Loading project Shop.csproj", error);
        Assert.Contains("Evaluate", error);
    }

    [Fact]
    public async Task Sln_mode_analyzes_every_project()
    {
        var report = await AdvisorApp.AnalyzeAsync(new AdvisorOptions { Path = _shop.Folder.File("Shop.sln") });

        Assert.Equal("solution", report.TargetKind);
        Assert.Equal(["Shop", "Shop.Core"], report.Projects);
        Assert.Empty(report.LoadWarnings);
        Assert.Equal(4, report.Findings.Count);
        Assert.Equal(2, report.Findings.Count(f => f.Project == "Shop.Core" && f.FilePath == "Shop.Core/Inventory.cs"));
        Assert.Equal(2, report.FindingsOutsideEntryPoints.Count);
        Assert.Contains(report.EntryPoints, e => e.Name == "CartController.Get" && e.FilePath == "Shop/Cart.cs");
        Assert.Equal(4, Assert.Single(report.Totals, t => t.RuleId == "ADV2001").Warnings);
    }
}
