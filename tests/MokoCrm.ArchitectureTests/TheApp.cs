using System.Reflection;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.ArchitectureTests;

/// <summary>What the rules look at: the web assembly (not this one) and the source tree it was built from.</summary>
internal static class TheApp
{
    public static Assembly Assembly { get; } = typeof(AppDbContext).Assembly;

    /// <summary>The folder of MokoCrm.sln, found by walking up from this test assembly's bin folder.</summary>
    public static DirectoryInfo RepositoryRoot { get; } = FindRoot();

    public static DirectoryInfo WebProject => new(Path.Combine(RepositoryRoot.FullName, "src", "MokoCrm.Web"));

    private static DirectoryInfo FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MokoCrm.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No MokoCrm.sln above {AppContext.BaseDirectory}.");
    }
}
