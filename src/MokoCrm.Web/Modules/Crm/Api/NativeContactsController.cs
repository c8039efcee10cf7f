using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Crm.Api;

/// <summary>A person at a third party, or a private contact (no third party).</summary>
public sealed record ContactResource(
    long Id, long? ThirdPartyId, string? FirstName, string LastName, string? JobTitle, string? Email, string? Phone, string? Mobile,
    bool Active, bool NoEmail);

/// <summary>What a client sends to create a contact, or the fields it changes (the others are kept).</summary>
public sealed class ContactInput
{
    public long? ThirdPartyId { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? JobTitle { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Mobile { get; set; }

    public bool? Active { get; set; }

    /// <summary>The person asked not to receive e-mails.</summary>
    public bool? NoEmail { get; set; }
}

/// <summary>/api/v1/contacts: the contact screens' handler, validator, rights and visibility (those of visible third parties, and private ones).</summary>
[Route(Root + "/contacts")]
[Tags("Contacts")]
[RecordResource(Modules.Crm.Public.CrmRecordTypes.Contact)]
public sealed class NativeContactsController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    ContactAdministration administration,
    IValidator<ContactForm> validator) : NativeApiController
{
    /// <summary>?sort= lastName, with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<Contact> Sorts = new NativeSorts<Contact>().By("lastName", c => c.LastName);

    /// <summary>Contacts the key's user may see; <c>q</c> searches the names and e-mail.</summary>
    [HttpGet("")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    [ProducesResponseType<NativePage<ContactResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, string? q, long? thirdPartyId, bool? active)
    {
        var rows = await VisibleAsync();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = NativeQuery.Contains(q);
            rows = rows.Where(c => EF.Functions.ILike(c.LastName, pattern) || (c.FirstName != null && EF.Functions.ILike(c.FirstName, pattern))
                || (c.Email != null && EF.Functions.ILike(c.Email, pattern)));
        }

        rows = thirdPartyId is { } party ? rows.Where(c => c.ThirdPartyId == party) : rows;
        rows = active is { } a ? rows.Where(c => c.Active == a) : rows;
        return Answer(await list.PageAsync(rows, Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    [ProducesResponseType<ContactResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) => Answer(Show(await FindAsync(id)));

    [HttpPost("")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    [Idempotent]
    [ApiBody<ContactInput>]
    [ProducesResponseType<ContactResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var form = new ContactForm();
        Apply(await BodyAsync<ContactInput>(), form);
        await validator.CheckNativeAsync(form, Aborted);
        var id = await administration.SaveAsync(null, form, Aborted);
        return Created(Show(await FindAsync(id)), $"/{Root}/contacts/{id}");
    }

    /// <summary>Changes the fields sent and keeps the others.</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    [ApiBody<ContactInput>]
    [ProducesResponseType<ContactResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        var c = await FindAsync(id);
        var form = new ContactForm
        {
            ThirdPartyId = c.ThirdPartyId, FirstName = c.FirstName, LastName = c.LastName, JobTitle = c.JobTitle, Email = c.Email,
            Phone = c.Phone, Mobile = c.Mobile, Active = c.Active, NoEmail = c.NoEmail,
        };
        Apply(await BodyAsync<ContactInput>(), form);
        await ClearSentNullsAsync(form);
        await validator.CheckNativeAsync(form, Aborted);
        await administration.SaveAsync(id, form, Aborted);
        return Answer(Show(await FindAsync(id)));
    }

    private async Task<IQueryable<Contact>> VisibleAsync() =>
        db.Set<Contact>().AsNoTracking().WhereThirdPartyVisible(await visibility.ContactIdsAsync(), c => c.Id);

    private async Task<Contact> FindAsync(long id) =>
        await (await VisibleAsync()).SingleOrDefaultAsync(c => c.Id == id, Aborted) ?? throw ApiException.NotFound("Contact not found.");

    private static void Apply(ContactInput input, ContactForm form)
    {
        form.ThirdPartyId = input.ThirdPartyId ?? form.ThirdPartyId;
        form.FirstName = input.FirstName ?? form.FirstName;
        form.LastName = input.LastName ?? form.LastName;
        form.JobTitle = input.JobTitle ?? form.JobTitle;
        form.Email = input.Email ?? form.Email;
        form.Phone = input.Phone ?? form.Phone;
        form.Mobile = input.Mobile ?? form.Mobile;
        form.Active = input.Active ?? form.Active;
        form.NoEmail = input.NoEmail ?? form.NoEmail;
    }

    internal static ContactResource Show(Contact c) => new(c.Id, c.ThirdPartyId, c.FirstName, c.LastName, c.JobTitle, c.Email, c.Phone, c.Mobile, c.Active, c.NoEmail);
}
