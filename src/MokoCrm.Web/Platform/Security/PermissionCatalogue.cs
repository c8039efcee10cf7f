namespace MokoCrm.Web.Platform.Security;

/// <summary>One right: "crm.thirdparties.read" = module crm, object thirdparties, action read.</summary>
public sealed record PermissionDefinition(string Key, string Module, string ObjectLabel, string ActionLabel)
{
    public string Label => $"{ObjectLabel}: {ActionLabel}";
}

/// <summary>
/// The rights one module declares, in one place (its XPermissions class). Registered by the module's AddX() with
/// <see cref="PermissionCatalogueExtensions.AddPermissions"/>.
/// </summary>
public sealed record ModulePermissions(string Module, string ModuleLabel, IReadOnlyList<PermissionDefinition> Permissions);

/// <summary>Every right of every module, for the rights matrix and for checking that a granted key exists.</summary>
public sealed class PermissionCatalogue(IEnumerable<ModulePermissions> modules)
{
    private readonly HashSet<string> _keys = modules.SelectMany(m => m.Permissions).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<ModulePermissions> Modules { get; } = modules.OrderBy(m => m.ModuleLabel, StringComparer.Ordinal).ToList();

    public bool Exists(string key) => _keys.Contains(key);
}

public static class PermissionCatalogueExtensions
{
    public static IServiceCollection AddPermissions(this IServiceCollection services, string module, string moduleLabel, params PermissionDefinition[] permissions)
    {
        services.AddSingleton(new ModulePermissions(module, moduleLabel, permissions));
        return services;
    }
}

/// <summary>The platform's own rights (administration and shared reference data).</summary>
public static class PlatformPermissions
{
    public const string UsersRead = "platform.users.read";
    public const string UsersWrite = "platform.users.write";
    public const string SetupRead = "platform.setup.read";
    public const string SetupWrite = "platform.setup.write";
    public const string NumberingWrite = "platform.numbering.write";
    public const string TagsWrite = "platform.tags.write";

    public static readonly PermissionDefinition[] All =
    [
        new(UsersRead, "platform", "Users and groups", "Read"),
        new(UsersWrite, "platform", "Users and groups", "Create, edit, disable, grant rights"),
        new(SetupRead, "platform", "Setup (company, VAT, payment terms, banks, fiscal years)", "Read"),
        new(SetupWrite, "platform", "Setup (company, VAT, payment terms, banks, fiscal years)", "Edit"),
        new(NumberingWrite, "platform", "Numbering masks", "Edit"),
        new(TagsWrite, "platform", "Tags", "Create, rename, move"),
    ];
}
