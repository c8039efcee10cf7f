namespace MokoCrm.Web.Platform.Web;

/// <summary>A module's entry in the top menu and its left-column menu. Shown only to users with the read right.</summary>
public sealed record MenuSection(string Area, string Label, string Icon, string Url, string ReadPermission, int Order, IReadOnlyList<MenuItem> Items);

public sealed record MenuItem(string Label, string Url, string Permission);

public static class NavigationExtensions
{
    public static IServiceCollection AddMenu(this IServiceCollection services, MenuSection section) =>
        services.AddSingleton(section);
}

/// <summary>Breadcrumbs set by views: ViewData["Breadcrumbs"] = new Breadcrumb[] { ... }.</summary>
public sealed record Breadcrumb(string Label, string? Url = null);
