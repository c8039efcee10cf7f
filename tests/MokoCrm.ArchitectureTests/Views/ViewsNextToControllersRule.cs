using MokoCrm.ArchitectureTests.Permissions;

namespace MokoCrm.ArchitectureTests.Views;

/// <summary>
/// A screen's code is found from its URL (STYLE.md): MokoCrm.Web.Modules.Sales.Controllers.InvoicesController has its
/// views in Modules/Sales/Views/Invoices/, and every view sits in a Views folder beside a Controllers folder.
/// </summary>
internal static class ViewsNextToControllersRule
{
    private const string Root = "MokoCrm.Web.";

    public static IReadOnlyList<string> Violations(IEnumerable<Type> types, DirectoryInfo webProject)
    {
        var violations = new List<string>();
        foreach (var controller in ActionPermissionRule.Controllers(types))
        {
            // API controllers answer JSON only: they live in the owner's Api folder and have no views.
            if (controller.Namespace?.EndsWith(".Api", StringComparison.Ordinal) == true)
            {
                continue;
            }

            var folder = ViewsFolderOf(controller.Namespace);
            if (folder is null)
            {
                violations.Add($"{controller.FullName}: not in a MokoCrm.Web.<...>.Controllers namespace");
                continue;
            }

            var name = controller.Name[..^"Controller".Length];
            if (!ShowsPages(controller))
            {
                continue; // only POST actions that redirect: nothing to render, so no views folder
            }

            if (!Directory.Exists(Path.Combine(webProject.FullName, folder, name)))
            {
                violations.Add($"{controller.Name}: no folder {folder}/{name}");
            }
        }

        return violations;
    }

    /// <summary>A controller with a GET action shows a page (or data for one) and keeps its views next to it.</summary>
    private static bool ShowsPages(Type controller) =>
        ActionPermissionRule.Actions([controller]).Any(a =>
            a.Action.GetCustomAttributes(inherit: true).OfType<Microsoft.AspNetCore.Mvc.Routing.IActionHttpMethodProvider>() is var methods
            && (!methods.Any() || methods.Any(m => m.HttpMethods.Contains("GET"))));

    /// <summary>Views folders (relative, '/'-separated) that have no Controllers namespace beside them.</summary>
    public static IReadOnlyList<string> OrphanViewFolders(IEnumerable<Type> types, DirectoryInfo webProject)
    {
        var expected = ActionPermissionRule.Controllers(types).Select(c => ViewsFolderOf(c.Namespace)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateDirectories(webProject.FullName, "Views", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(webProject.FullName, d).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(d => !d.StartsWith("bin/", StringComparison.Ordinal) && !d.StartsWith("obj/", StringComparison.Ordinal))
            .Where(d => !expected.Contains(d))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"MokoCrm.Web.Modules.Sales.Controllers" → "Modules/Sales/Views".</summary>
    private static string? ViewsFolderOf(string? ns)
    {
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal) || !ns.EndsWith(".Controllers", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns[Root.Length..].Split('.');
        return string.Join('/', parts[..^1]) + "/Views";
    }
}
