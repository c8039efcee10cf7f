using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Documents;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Platform.Api;

/// <summary>
/// On a module's Dolibarr controller: the <c>modulepart</c> names Dolibarr's Documents API uses for the record type
/// it serves (<c>[DolibarrModulePart(BillingRecordTypes.Invoice, "facture", "invoice")]</c>), so the module keeps
/// its Dolibarr vocabulary next to its resource. <see cref="ById"/>: Dolibarr finds the record by its id, not its ref
/// (contacts).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DolibarrModulePartAttribute(string recordType, params string[] names) : Attribute
{
    public string RecordType { get; } = recordType;

    public IReadOnlyList<string> Names { get; } = names;

    public bool ById { get; init; }
}

/// <summary>Dolibarr's <c>modulepart</c> names → record types, read once from the controllers' attributes.</summary>
public static class DolibarrModuleParts
{
    private static readonly Lazy<IReadOnlyDictionary<string, DolibarrModulePartAttribute>> ByName = new(() =>
        typeof(DolibarrApiController).Assembly.GetTypes()
            .Where(t => typeof(DolibarrApiController).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => t.GetCustomAttribute<DolibarrModulePartAttribute>())
            .OfType<DolibarrModulePartAttribute>()
            .SelectMany(a => a.Names.Select(n => (Name: n, Part: a)))
            .ToDictionary(p => p.Name, p => p.Part, StringComparer.OrdinalIgnoreCase));

    public static DolibarrModulePartAttribute? Find(string name) => ByName.Value.GetValueOrDefault(name.Trim());

    public static IEnumerable<string> Names => ByName.Value.Keys.Order(StringComparer.Ordinal);
}

/// <summary>POST documents/upload as Dolibarr's Documents API takes it (htdocs/api/class/api_documents.class.php).</summary>
public sealed class DolUploadInput
{
    public string? Filename { get; set; }

    public string? Modulepart { get; set; }

    public string? Ref { get; set; }

    public string? Subdir { get; set; }

    public string? Filecontent { get; set; }

    public string? Fileencoding { get; set; }

    public int? Overwriteifexists { get; set; }

    public int? Createdirifnotexists { get; set; }

    public int? Position { get; set; }

    public string? Cover { get; set; }

    public JsonElement? ArrayOptions { get; set; }
}

/// <summary>
/// /api/index.php/documents/upload: a file (text or base64) attached to the record a <c>modulepart</c> and a
/// <c>ref</c> name, as the Documents tab's upload (the same DocumentStore checks), under the record type's attach
/// right and the record's visibility. Its right depends on the record named in the body, as Dolibarr's
/// dol_check_secure_access_document: a key that may not attach files to it gets 403, a record it may not see 404.
/// </summary>
[Route(Root + "/documents")]
public sealed class DolibarrDocumentsController(
    IEnumerable<IRecordDescriber> describers,
    IRecordAccess access,
    RecordTabs tabs,
    RecordTypeRegistry types,
    CurrentUserPermissions permissions,
    DocumentStore store,
    AppDbContext db) : DolibarrApiController
{
    /// <summary>
    /// Answers the stored file name, as Dolibarr. <c>overwriteifexists</c> 1 replaces an uploaded file of the same
    /// name; otherwise that name is refused (Dolibarr's 500 becomes a 409 here). <c>subdir</c> without <c>ref</c> is
    /// refused: every file belongs to a record here.
    /// </summary>
    [HttpPost("upload")]
    [Authorize] // Any valid key reaches the action, which checks the rights of the record type the body names.
    [Idempotent]
    public async Task<IActionResult> Upload()
    {
        var input = await BodyAsync<DolUploadInput>();
        if (string.IsNullOrWhiteSpace(input.Modulepart))
        {
            throw ApiException.BadRequest("Modulepart not provided.");
        }

        var part = DolibarrModuleParts.Find(input.Modulepart)
            ?? throw ApiException.BadRequest($"Modulepart {input.Modulepart} not implemented yet. Here: {string.Join(", ", DolibarrModuleParts.Names)}.");
        if (string.IsNullOrWhiteSpace(input.Filename))
        {
            throw ApiException.BadRequest("filename field missing");
        }

        if (string.IsNullOrWhiteSpace(input.Ref))
        {
            throw ApiException.BadRequest("ref is required: every file belongs to a record here (subdir alone is not supported).");
        }

        var content = Content(input);
        var overwrite = Dol.Flag(input.Overwriteifexists ?? 0, "overwriteifexists");
        // The type's rights first (403), as the native routes' [HasPermission]; then the record's visibility (404).
        var rights = await permissions.GetAsync();
        if (types.Find(part.RecordType) is not { } type || !rights.Has(type.Read) || type.PermissionFor(RecordAction.Attach) is not { } attach || !rights.Has(attach))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, $"Access denied: this key may not attach files to a {input.Modulepart.Trim()}.");
        }

        var record = await FindAsync(part, input.Ref.Trim()) ?? throw ApiException.NotFound($"Object with ref '{input.Ref}' was not found.");
        if (!await access.CanAsync(record, RecordAction.Attach, Aborted))
        {
            throw ApiException.NotFound($"Object with ref '{input.Ref}' was not found.");
        }

        var name = StoredFileName.Sanitise(input.Filename);
        var same = (await store.ListAsync([new StoredFileOwner(record.Type, record.Id)], Aborted)).Where(f => f.FileName == name).ToList();
        if (same.Count > 0 && !overwrite)
        {
            throw new ApiException(StatusCodes.Status409Conflict, $"File with name '{name}' already exists.");
        }

        if (same.Any(f => f.Kind != StoredFileKind.Uploaded))
        {
            throw new ApiException(StatusCodes.Status409Conflict, $"'{name}' is generated by the application: it cannot be replaced by an upload.");
        }

        foreach (var old in same)
        {
            await store.RemoveAsync(old.Id, Aborted);
        }

        try
        {
            using var stream = new MemoryStream(content, writable: false);
            await store.AddUploadAsync(record.Type, record.Id, name, null, stream, UserId, Aborted);
        }
        catch (DomainException refused) when (refused is not NotFoundException)
        {
            throw ApiException.BadRequest(refused.Message);
        }

        await db.SaveChangesAsync(Aborted);
        return Answer(name);
    }

    private static byte[] Content(DolUploadInput input)
    {
        switch (input.Fileencoding?.Trim() ?? "")
        {
            case "":
                return Encoding.UTF8.GetBytes(input.Filecontent ?? "");
            case "base64":
                try
                {
                    return Convert.FromBase64String(input.Filecontent ?? "");
                }
                catch (FormatException)
                {
                    throw ApiException.BadRequest("filecontent is not valid base64.");
                }

            default:
                throw ApiException.BadRequest("fileencoding is '' (the text as sent) or 'base64'.");
        }
    }

    /// <summary>
    /// The record of that ref among those the key's user may see: a document by its number (or Dolibarr's "(PROVn)"
    /// of a draft), a product by its reference, a contact by its id as Dolibarr fetches it.
    /// </summary>
    private async Task<RecordRef?> FindAsync(DolibarrModulePartAttribute part, string reference)
    {
        if (part.ById)
        {
            return long.TryParse(reference, out var id) && RecordRef.TryCreate(part.RecordType, id, out var byId)
                && await access.CanReadAsync(byId, Aborted) && await tabs.HeaderAsync(byId, Aborted) is not null ? byId : null;
        }

        var describer = describers.FirstOrDefault(d => d.RecordType == part.RecordType);
        if (describer is null)
        {
            return null;
        }

        // The describers' search matches numbers and product references (a product's label reads "REF - Label").
        var found = (await describer.SearchAsync(reference, 20, Aborted))
            .Where(s => s.Label == reference || s.Label.StartsWith(reference + " - ", StringComparison.Ordinal))
            .Select(s => new RecordRef(s.RecordType, s.Id))
            .ToList();
        foreach (var record in found)
        {
            if (await access.CanReadAsync(record, Aborted))
            {
                return record;
            }
        }

        return null;
    }
}
