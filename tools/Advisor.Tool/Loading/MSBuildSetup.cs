using System;
using System.Linq;
using Microsoft.Build.Locator;

namespace Advisor.Tool.Loading;

/// <summary>
/// Registers the installed .NET SDK's MSBuild once per process, before any type of Microsoft.Build is loaded
/// (MSBuildWorkspace is only touched from <see cref="MSBuildLoader"/>, a separate class, so the JIT does not load
/// MSBuild types before this runs).
/// </summary>
internal static class MSBuildSetup
{
    private static readonly object s_gate = new();

    public static void EnsureRegistered()
    {
        lock (s_gate)
        {
            if (MSBuildLocator.IsRegistered)
            {
                return;
            }

            try
            {
                var instances = MSBuildLocator.QueryVisualStudioInstances().ToList();
                if (instances.Count == 0)
                {
                    throw new AdvisorLoadException("No .NET SDK was found: loading a .sln or .csproj needs the .NET SDK (dotnet) installed. A folder of .cs files can be analyzed with --loose.");
                }

                // Prefer the SDK that matches the runtime we run on; otherwise the newest.
                var runtimeMajor = Environment.Version.Major;
                var instance = instances
                    .OrderByDescending(i => i.Version.Major == runtimeMajor)
                    .ThenByDescending(i => i.Version)
                    .First();
                MSBuildLocator.RegisterInstance(instance);
            }
            catch (InvalidOperationException ex)
            {
                throw new AdvisorLoadException("Could not register MSBuild: " + ex.Message, ex);
            }
        }
    }
}
