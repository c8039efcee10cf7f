using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Crm.Controllers;

/// <summary>/Crm/Contacts: people at third parties, and private contacts.</summary>
[Area("Crm")]
[Route("Crm/Contacts")]
public sealed class ContactsController(CrmQueries queries, ContactAdministration administration, IValidator<ContactForm> validator) : Controller
{
    [HttpGet("")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    public async Task<IActionResult> Index(ListRequest list, long? thirdParty, string? export)
    {
        var rows = await queries.ContactsAsync(thirdParty);
        return export is not null
            ? ListExport.Export(rows, CrmQueries.ContactList, list, export)
            : View(new ContactListViewModel(await ListEngine.PageAsync(rows, CrmQueries.ContactList, list, HttpContext.RequestAborted),
                thirdParty, await queries.ThirdPartyNameAsync(thirdParty)));
    }

    /// <summary>The contact picker of other forms: active, visible contacts, of the chosen third party when one is given.</summary>
    [HttpGet("lookup")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    public async Task<IActionResult> Lookup(string? q, long? thirdPartyId) =>
        Json((await queries.ContactLookupAsync(q, thirdPartyId)).Select(c => new { id = c.Id, text = c.Text }));

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.Contacts.Read)]
    public async Task<IActionResult> Show(long id) =>
        await queries.ContactCardAsync(id) is { } card ? View(card) : NotFound();

    [HttpGet("new")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    public async Task<IActionResult> Create(long? thirdParty) =>
        View("Edit", new ContactEditViewModel(null, new ContactForm { ThirdPartyId = thirdParty }, await queries.ThirdPartyNameAsync(thirdParty)));

    [HttpPost("new")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    public Task<IActionResult> Create(ContactForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    public async Task<IActionResult> Edit(long id)
    {
        if (await queries.ContactCardAsync(id) is not { } card)
        {
            return NotFound();
        }

        var c = card.Contact;
        return View(new ContactEditViewModel(id, new ContactForm
        {
            ThirdPartyId = c.ThirdPartyId, FirstName = c.FirstName, LastName = c.LastName, JobTitle = c.JobTitle, Email = c.Email,
            Phone = c.Phone, Mobile = c.Mobile, Active = c.Active, NoEmail = c.NoEmail,
        }, card.ThirdPartyName));
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(CrmPermissions.Contacts.Write)]
    public Task<IActionResult> Edit(long id, ContactForm form) => Save(id, form);

    private async Task<IActionResult> Save(long? id, ContactForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var saved = await administration.SaveAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Contact {form.LastName} saved.");
                return Redirect($"/Crm/Contacts/{saved}");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (DomainException ex)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return View("Edit", new ContactEditViewModel(id, form, await queries.ThirdPartyNameAsync(form.ThirdPartyId)));
    }
}
