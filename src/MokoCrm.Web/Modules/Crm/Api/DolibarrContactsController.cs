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

public sealed record DolContact(
    long Id, long? Socid, string? Firstname, string Lastname, string? Poste, string? Email, string? PhonePro, string? PhoneMobile,
    int Statut, int NoEmail, string Entity);

/// <summary>
/// A contact sent by a Dolibarr client (POST, PUT), as Dolibarr's Contact object names it: <c>socid</c> is the third
/// party (none: a private contact), <c>statut</c> 1 active or 0 inactive. <c>entity</c> and <c>array_options</c> are
/// accepted and ignored.
/// </summary>
public sealed class DolContactInput
{
    public long? Socid { get; set; }

    public string? Lastname { get; set; }

    public string? Firstname { get; set; }

    public string? Poste { get; set; }

    public string? Email { get; set; }

    public string? PhonePro { get; set; }

    public string? PhoneMobile { get; set; }

    public int? Statut { get; set; }

    public int? Status { get; set; }

    public int? NoEmail { get; set; }

    public int? Entity { get; set; }

    public System.Text.Json.JsonElement? ArrayOptions { get; set; }
}

/// <summary>
/// /api/index.php/contacts (htdocs/societe/class/api_contacts.class.php): list, read, create and change through the
/// contact screens' handler, validator and rights, with their visibility (contacts of visible third parties, and
/// private ones).
/// </summary>
[Route(Root + "/contacts")]
[DolibarrModulePart(Public.CrmRecordTypes.Contact, "contact", "socpeople", ById = true)]
public sealed class DolibarrContactsController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    ContactAdministration administration,
    IValidator<ContactForm> validator) : DolibarrApiController
{
    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(ContactForm.LastName)] = "lastname", [nameof(ContactForm.FirstName)] = "firstname", [nameof(ContactForm.JobTitle)] = "poste",
        [nameof(ContactForm.Email)] = "email", [nameof(ContactForm.Phone)] = "phone_pro", [nameof(ContactForm.Mobile)] = "phone_mobile",
    };

    private static readonly ApiFields<Contact> Fields = new ApiFields<Contact>()
        .Add("t.rowid", c => c.Id).Add("t.fk_soc", c => c.ThirdPartyId).Add("t.lastname", c => c.LastName).Add("t.firstname", c => c.FirstName)
        .Add("t.email", c => c.Email).Add("t.statut", c => c.Active ? 1 : 0);

    [HttpGet("")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids)
    {
        var rows = DolibarrListRequest.OfThirdParties(await VisibleAsync(), thirdparty_ids, c => c.ThirdPartyId ?? 0);
        return await ListAsync(list, rows, Fields, Show, "contact");
    }

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    public async Task<IActionResult> Get(long id) => Answer(Show(await FindAsync(id)));

    /// <summary>Dolibarr answers the new id; lastname is its one mandatory field ("lastname field missing").</summary>
    [HttpPost("")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolContactInput>();
        if (string.IsNullOrEmpty(input.Lastname))
        {
            throw ApiException.BadRequest("lastname field missing");
        }

        var form = new ContactForm();
        await ApplyAsync(input, form);
        return Answer(await administration.SaveAsync(null, form, Aborted));
    }

    /// <summary>Changes the fields sent, keeps the others; answers the contact, as Dolibarr.</summary>
    [HttpPut("{id:long}")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    public async Task<IActionResult> Update(long id)
    {
        var input = await BodyAsync<DolContactInput>();
        var c = await FindAsync(id);
        var form = new ContactForm
        {
            ThirdPartyId = c.ThirdPartyId, FirstName = c.FirstName, LastName = c.LastName, JobTitle = c.JobTitle, Email = c.Email,
            Phone = c.Phone, Mobile = c.Mobile, Active = c.Active, NoEmail = c.NoEmail,
        };
        await ApplyAsync(input, form);
        await administration.SaveAsync(id, form, Aborted);
        return Answer(Show(await FindAsync(id)));
    }

    private async Task ApplyAsync(DolContactInput input, ContactForm form)
    {
        form.ThirdPartyId = input.Socid switch
        {
            null => form.ThirdPartyId,
            <= 0 => null,
            { } party => party,
        };
        form.LastName = input.Lastname ?? form.LastName;
        form.FirstName = input.Firstname ?? form.FirstName;
        form.JobTitle = input.Poste ?? form.JobTitle;
        form.Email = input.Email ?? form.Email;
        form.Phone = input.PhonePro ?? form.Phone;
        form.Mobile = input.PhoneMobile ?? form.Mobile;
        form.Active = (input.Statut ?? input.Status) is { } active ? Dol.Flag(active, "statut") : form.Active;
        form.NoEmail = input.NoEmail is { } noEmail ? Dol.Flag(noEmail, "no_email") : form.NoEmail;
        await validator.CheckAsync(form, Names, Aborted);
    }

    private async Task<Contact> FindAsync(long id) =>
        await (await VisibleAsync()).SingleOrDefaultAsync(c => c.Id == id, Aborted) ?? throw ApiException.NotFound("Contact not found");

    private async Task<IQueryable<Contact>> VisibleAsync() =>
        db.Set<Contact>().AsNoTracking().WhereThirdPartyVisible(await visibility.ContactIdsAsync(), c => c.Id);

    private static DolContact Show(Contact c) => new(c.Id, c.ThirdPartyId, c.FirstName, c.LastName, c.JobTitle, c.Email, c.Phone, c.Mobile, c.Active ? 1 : 0, c.NoEmail ? 1 : 0, "1");
}
