using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace MokoCrm.Web.Platform.Web;

/// <summary>
/// Views live next to their controller: MokoCrm.Web.Modules.Sales.Controllers.InvoicesController finds its views in
/// /Modules/Sales/Views/Invoices/, Platform.Security.Controllers.UsersController in /Platform/Security/Views/Users/.
/// So a screen's code is found from its URL, for modules and platform screens alike.
/// </summary>
internal sealed class ViewsNextToControllers : IViewLocationExpander
{
    private const string FolderKey = "moko-views-folder";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
        {
            context.Values[FolderKey] = FolderOf(action.ControllerTypeInfo.Namespace);
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        var own = context.Values.TryGetValue(FolderKey, out var folder) && folder is not null
            ? new[] { $"{folder}/{{1}}/{{0}}.cshtml", $"{folder}/Shared/{{0}}.cshtml" }
            : [];
        return own.Concat(["/Platform/Web/Views/Shared/{0}.cshtml"]).Concat(viewLocations);
    }

    /// <summary>"MokoCrm.Web.Modules.Sales.Controllers" → "/Modules/Sales/Views".</summary>
    internal static string? FolderOf(string? controllerNamespace)
    {
        const string root = "MokoCrm.Web.";
        if (controllerNamespace is null || !controllerNamespace.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = controllerNamespace[root.Length..].Split('.');
        var controllers = Array.IndexOf(parts, "Controllers");
        return controllers <= 0 ? null : "/" + string.Join('/', parts[..controllers]) + "/Views";
    }
}
