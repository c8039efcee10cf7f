namespace MokoCrm.Web.Platform.Web;

/// <summary>A module's entry in the top menu and its left-column menu. Shown only to users with the read right.</summary>
public sealed record MenuSection(string Area, string Label, string Icon, string Url, string ReadPermission, int Order, IReadOnlyList<MenuItem> Items)
{
    /// <summary>
    /// Where the top bar sends this user: the section's page, or, for someone who holds only part of the section (expense
    /// reports but not salaries), the first item they may open; null when nothing in it is theirs.
    /// </summary>
    public string? UrlFor(Func<string, bool> has) => has(ReadPermission) ? Url : Items.FirstOrDefault(i => has(i.Permission))?.Url;
}

public sealed record MenuItem(string Label, string Url, string Permission);

public static class NavigationExtensions
{
    public static IServiceCollection AddMenu(this IServiceCollection services, MenuSection section) =>
        services.AddSingleton(section);
}

/// <summary>Breadcrumbs set by views: ViewData["Breadcrumbs"] = new Breadcrumb[] { ... }.</summary>
public sealed record Breadcrumb(string Label, string? Url = null);
