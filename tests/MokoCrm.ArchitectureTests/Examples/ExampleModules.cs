using Microsoft.AspNetCore.Razor.Hosting;
using MokoCrm.Web.Modules.Alpha.Public;
using MokoCrm.Web.Modules.Beta.Domain;
using MokoCrm.Web.Modules.Beta.Public;
using MokoCrm.Web.Modules.BetaExtra.Public;

// A deliberately bad example for the border rules: three modules and a platform type, inside the TEST assembly.
// The rules run on this assembly must report exactly the illegal references marked ILLEGAL below.
[assembly: RazorCompiledItem(typeof(AspNetCoreGeneratedDocument.Modules_Alpha_Views_Things_Show), "mvc.1.0.view", "/Modules/Alpha/Views/Things/Show.cshtml")]
[assembly: RazorCompiledItem(typeof(AspNetCoreGeneratedDocument.Platform_Example_Views_Home_Index), "mvc.1.0.view", "/Platform/Example/Views/Home/Index.cshtml")]

namespace MokoCrm.Web.Modules.Beta.Domain
{
    public sealed class BetaSecret
    {
        public decimal Amount { get; init; }

        public sealed class Line
        {
            public int Number { get; init; }
        }
    }
}

namespace MokoCrm.Web.Modules.Beta.Public
{
    public interface IBetaLookup
    {
        string NameOf(long id);
    }
}

namespace MokoCrm.Web.Modules.BetaExtra.Public
{
    // Another module whose name starts like Beta's: using its Public folder is no business of Beta's rule.
    public sealed record BetaExtraRow(long Id);
}

namespace MokoCrm.Web.Modules.Alpha.Public
{
    public sealed record AlphaCreated(long Id);
}

namespace MokoCrm.Web.Modules.Alpha.Features
{
    // Legal: Beta's and BetaExtra's Public folders.
    public sealed class UsesBetaPublic(IBetaLookup lookup)
    {
        public string Describe(long id) => lookup.NameOf(id) + new BetaExtraRow(id);
    }

    // ILLEGAL: Beta.Domain is private to Beta; the reference hides in a method body only.
    public sealed class UsesBetaInternals
    {
        public decimal Total() => new BetaSecret { Amount = 1m }.Amount;
    }

    // ILLEGAL: a nested type of Beta's domain, reached through a lambda.
    public sealed class UsesBetaNestedTypeInALambda
    {
        public Func<int> Number => () => new BetaSecret.Line { Number = 2 }.Number;
    }
}

namespace MokoCrm.Web.Modules.Beta.EventHandlers
{
    // Legal: Alpha's Public event.
    public sealed class ReactsToAlpha
    {
        public long Handle(AlphaCreated created) => created.Id;
    }
}

namespace MokoCrm.Web.Platform.Example
{
    // ILLEGAL for the platform rule: the platform uses no module, not even a Public folder.
    public sealed class PlatformUsesAModule
    {
        public long Id(AlphaCreated created) => created.Id;
    }

    public sealed class PlatformMindsItsOwnBusiness
    {
        public string Name => nameof(PlatformMindsItsOwnBusiness);
    }
}

namespace AspNetCoreGeneratedDocument
{
    // Stands for a compiled view /Modules/Alpha/Views/Things/Show.cshtml. ILLEGAL: it reads Beta's domain inside
    // an async method, as a compiled view's ExecuteAsync does.
    internal sealed class Modules_Alpha_Views_Things_Show
    {
        public async Task<string> ExecuteAsync()
        {
            await Task.Yield();
            return new BetaSecret { Amount = 3m }.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    // Stands for a compiled platform view. ILLEGAL for the platform rule: it reads Beta's Public folder.
    internal sealed class Platform_Example_Views_Home_Index
    {
        public async Task<string> ExecuteAsync(IBetaLookup lookup)
        {
            await Task.Yield();
            return lookup.NameOf(1);
        }
    }
}
