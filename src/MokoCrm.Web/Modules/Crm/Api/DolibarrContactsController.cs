using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Crm.Api;

public sealed record DolContact(
    long Id, long? Socid, string? Firstname, string Lastname, string? Poste, string? Email, string? PhonePro, string? PhoneMobile,
    int Statut, int NoEmail, string Entity);

/// <summary>/api/index.php/contacts: read, with the contacts' visibility (those of visible third parties, and private ones).</summary>
[Route(Root + "/contacts")]
public sealed class DolibarrContactsController(AppDbContext db, CurrentCrmVisibility visibility) : DolibarrApiController
{
    private static readonly ApiFields<Contact> Fields = new ApiFields<Contact>()
        .Add("t.rowid", c => c.Id).Add("t.fk_soc", c => c.ThirdPartyId).Add("t.lastname", c => c.LastName).Add("t.firstname", c => c.FirstName)
        .Add("t.email", c => c.Email).Add("t.statut", c => c.Active ? 1 : 0);

    [HttpGet("")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids)
    {
        var rows = await VisibleAsync();
        if (!string.IsNullOrWhiteSpace(thirdparty_ids))
        {
            var ids = thirdparty_ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => long.TryParse(s, out var id) ? id : throw ApiException.BadRequest("thirdparty_ids is a list of ids separated by commas.")).ToList();
            rows = rows.Where(c => c.ThirdPartyId != null && ids.Contains(c.ThirdPartyId.Value));
        }

        var page = await list.Apply(rows, Fields).ToListAsync(Aborted);
        return List(page.Select(Show).ToList(), "contact");
    }

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    public async Task<IActionResult> Get(long id) =>
        Answer(Show(await (await VisibleAsync()).SingleOrDefaultAsync(c => c.Id == id, Aborted) ?? throw ApiException.NotFound("Contact not found")));

    private async Task<IQueryable<Contact>> VisibleAsync() =>
        db.Set<Contact>().AsNoTracking().WhereThirdPartyVisible(await visibility.ContactIdsAsync(), c => c.Id);

    private static DolContact Show(Contact c) => new(c.Id, c.ThirdPartyId, c.FirstName, c.LastName, c.JobTitle, c.Email, c.Phone, c.Mobile, c.Active ? 1 : 0, c.NoEmail ? 1 : 0, "1");
}
