using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Links;

namespace MokoCrm.Web.Platform.Security;

/// <summary>What a user wants to do with a record through the shared tabs.</summary>
public enum RecordAction
{
    Read,

    /// <summary>Edit notes, tags and remove attachments.</summary>
    Write,

    /// <summary>"Link to…" and unlink.</summary>
    Link,

    /// <summary>Upload attachments.</summary>
    Attach,
}

/// <summary>What the visibility rule of a record type may use: the request's DbContext, the user and their rights.</summary>
public sealed record RecordVisibility(AppDbContext Db, long UserId, EffectiveRights Rights, IServiceProvider Services);

/// <summary>
/// How one record type is protected, declared by the module that owns it:
/// <c>services.AddRecordType(new RecordTypeAccess("sales.invoice", read: SalesPermissions.Invoices.Read, write: SalesPermissions.Invoices.Write))</c>.
/// </summary>
/// <param name="recordType">"module.thing", as in <see cref="RecordRef.Type"/>.</param>
/// <param name="read">Right needed to see any record of the type.</param>
/// <param name="write">Right needed to change notes, tags and attachments; null: administrators only.</param>
/// <param name="visibleIds">
/// Optional row-level rule (DOMAIN.md §10: without "see all third parties" a user sees only their own): a composable
/// query of the ids the user may see, or null from the function when this user sees every record of the type. It is
/// put into the SQL of access checks (<c>ids.Contains(id)</c>), so it must stay translatable and is never loaded whole.
/// </param>
/// <param name="link">Right needed to link and unlink; defaults to <paramref name="write"/>.</param>
/// <param name="attach">Right needed to upload files; defaults to <paramref name="write"/>.</param>
public sealed class RecordTypeAccess(
    string recordType,
    string read,
    string? write = null,
    Func<RecordVisibility, IQueryable<long>?>? visibleIds = null,
    string? link = null,
    string? attach = null)
{
    public string RecordType { get; } = recordType;

    public string Read { get; } = read;

    public string? Write { get; } = write;

    public Func<RecordVisibility, IQueryable<long>?>? VisibleIds { get; } = visibleIds;

    public string? Link { get; } = link;

    public string? Attach { get; } = attach;

    /// <summary>The right an action needs; null means only an administrator may.</summary>
    public string? PermissionFor(RecordAction action) => action switch
    {
        RecordAction.Read => Read,
        RecordAction.Write => Write,
        RecordAction.Link => Link ?? Write,
        RecordAction.Attach => Attach ?? Write,
        _ => null,
    };
}

/// <summary>Every record type the modules declared. A type nobody declared is unreadable: deny by default.</summary>
public sealed class RecordTypeRegistry
{
    private readonly Dictionary<string, RecordTypeAccess> _types = new(StringComparer.Ordinal);

    public RecordTypeRegistry(IEnumerable<RecordTypeAccess> types)
    {
        foreach (var type in types)
        {
            RecordTypes.EnsureValid(type.RecordType);
            if (string.IsNullOrWhiteSpace(type.Read))
            {
                throw new InvalidOperationException($"The record type '{type.RecordType}' needs a read right.");
            }

            if (!_types.TryAdd(type.RecordType, type))
            {
                throw new InvalidOperationException($"The record type '{type.RecordType}' is declared twice.");
            }
        }
    }

    public IReadOnlyCollection<RecordTypeAccess> All => _types.Values;

    public RecordTypeAccess? Find(string recordType) => _types.GetValueOrDefault(recordType);
}

public static class RecordTypeRegistration
{
    public static IServiceCollection AddRecordType(this IServiceCollection services, RecordTypeAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        services.AddSingleton(access);
        return services;
    }
}

/// <summary>
/// Answers "may this user see / change this record" from the registry: the type's right, then its visibility rule.
/// An administrator passes both; work outside a request (jobs, the outbox worker) acts for the system and sees all,
/// because no user is there to restrict and a hidden link would silently break a business rule.
/// </summary>
internal sealed class RegistryRecordAccess(
    RecordTypeRegistry registry,
    CurrentUserPermissions permissions,
    IHttpContextAccessor http,
    AppDbContext db,
    IServiceProvider services) : IRecordAccess
{
    public async Task<bool> CanReadAsync(RecordRef record, CancellationToken cancellationToken = default) =>
        (await ReadableAsync(record.Type, [record.Id], cancellationToken)).Contains(record.Id);

    public async Task<IReadOnlySet<long>> ReadableAsync(string recordType, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0 || registry.Find(recordType) is not { } type)
        {
            return new HashSet<long>();
        }

        if (http.HttpContext is null)
        {
            return ids.ToHashSet();
        }

        var rights = await permissions.GetAsync();
        if (rights.IsAdmin)
        {
            return ids.ToHashSet();
        }

        if (!rights.Has(type.Read) || UserId() is not { } userId)
        {
            return new HashSet<long>();
        }

        var visible = type.VisibleIds?.Invoke(new RecordVisibility(db, userId, rights, services));
        if (visible is null)
        {
            return ids.ToHashSet();
        }

        var wanted = ids.Distinct().ToArray();
        return (await visible.Where(id => wanted.Contains(id)).Distinct().ToListAsync(cancellationToken)).ToHashSet();
    }

    public async Task<bool> CanAsync(RecordRef record, RecordAction action, CancellationToken cancellationToken = default)
    {
        if (!await CanReadAsync(record, cancellationToken))
        {
            return false;
        }

        if (action == RecordAction.Read || http.HttpContext is null)
        {
            return true;
        }

        var rights = await permissions.GetAsync();
        return rights.IsAdmin || (registry.Find(record.Type)?.PermissionFor(action) is { } permission && rights.Has(permission));
    }

    private long? UserId() =>
        long.TryParse(http.HttpContext?.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;
}

/// <summary>Where <see cref="RecordRightAttribute"/> finds the record an action works on.</summary>
public enum RecordFrom
{
    /// <summary>Route values {type} and {id}: /Records/sales.invoice/42/...</summary>
    Route,

    /// <summary>Route value {fileId}: the record owning the stored file.</summary>
    StoredFile,
}

/// <summary>
/// The record-level right of an action on a record of any type (the shared tabs), in place of a fixed
/// [HasPermission]: the right depends on the record type. A record the user may not see (or that is of no declared
/// type) answers 404 as if it did not exist; a visible record without the right for <see cref="Action"/> answers 403.
/// Anonymous users are sent to the login page by the fallback policy before this runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RecordRightAttribute(RecordAction action) : Attribute, IAsyncActionFilter
{
    public const string RecordItemKey = "moko.record";

    public RecordAction Action { get; } = action;

    public RecordFrom From { get; init; } = RecordFrom.Route;

    /// <summary>The record the filter checked, for the action to use (set only when access was granted).</summary>
    public static RecordRef RecordOf(HttpContext context) =>
        context.Items[RecordItemKey] is RecordRef record ? record : throw new InvalidOperationException("No [RecordRight] ran for this action.");

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var record = await ResolveAsync(context);
        var access = context.HttpContext.RequestServices.GetRequiredService<IRecordAccess>();
        if (record is null || !await access.CanReadAsync(record.Value, context.HttpContext.RequestAborted))
        {
            context.Result = new NotFoundResult();
            return;
        }

        if (Action != RecordAction.Read && !await access.CanAsync(record.Value, Action, context.HttpContext.RequestAborted))
        {
            context.Result = new ForbidResult();
            return;
        }

        context.HttpContext.Items[RecordItemKey] = record.Value;
        await next();
    }

    private async Task<RecordRef?> ResolveAsync(ActionExecutingContext context)
    {
        var values = context.RouteData.Values;
        if (From == RecordFrom.StoredFile)
        {
            if (!long.TryParse(values["fileId"] as string, out var fileId))
            {
                return null;
            }

            var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
            var owner = await db.Set<StoredFile>().AsNoTracking().Where(f => f.Id == fileId)
                .Select(f => new { f.OwnerType, f.OwnerId }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
            return owner is not null && RecordRef.TryCreate(owner.OwnerType, owner.OwnerId, out var fileOwner) ? fileOwner : null;
        }

        return values["type"] is string type && long.TryParse(values["id"] as string, out var id) && RecordRef.TryCreate(type, id, out var routed)
            ? routed
            : null;
    }
}
