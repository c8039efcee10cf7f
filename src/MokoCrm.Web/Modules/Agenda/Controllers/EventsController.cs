using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Agenda.Domain;
using MokoCrm.Web.Modules.Agenda.Features;
using MokoCrm.Web.Modules.Agenda.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Queries;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Agenda.Controllers;

/// <summary>/Agenda/Events: the list (and third parties' timelines), the month view, the card and the form.</summary>
[Area("Agenda")]
[Route("Agenda/Events")]
public sealed class EventsController(
    AgendaQueries queries,
    EventAdministration administration,
    IValidator<EventForm> validator,
    ICurrentUser currentUser,
    UserQueries users,
    TimeProvider clock) : Controller
{
    [HttpGet("")]
    [HasPermission(AgendaPermissions.Events.ReadOwn)]
    public async Task<IActionResult> Index(ListRequest list, EventFilter filter, string? export)
    {
        var rows = await queries.EventsAsync(filter, currentUser.UserId);
        if (export is not null)
        {
            return ListExport.Export(rows, AgendaQueries.EventList, list, export);
        }

        var page = await ListEngine.PageAsync(rows, AgendaQueries.EventList, list, HttpContext.RequestAborted);
        var thirdPartyName = filter.ThirdParty is { } tp
            ? (await queries.DescribeAsync(Crm.Public.CrmRecordTypes.ThirdParty, tp, HttpContext.RequestAborted))?.Label
            : null;
        var record = RecordRef.TryParse(filter.Record, out var linked) ? await queries.DescribeAsync(linked.Type, linked.Id, HttpContext.RequestAborted) : null;
        return View(new EventListViewModel(page, filter, thirdPartyName, await queries.OwnerChoicesAsync(), record));
    }

    [HttpGet("month")]
    [HasPermission(AgendaPermissions.Events.ReadOwn)]
    public async Task<IActionResult> Month(int? year, int? month)
    {
        var today = clock.GetUtcNow().UtcDateTime;
        var (y, m) = (year ?? today.Year, month ?? today.Month);
        if (y is < 1900 or > 9999 || m is < 1 or > 12)
        {
            return NotFound();
        }

        return View(await queries.MonthAsync(y, m, HttpContext.RequestAborted));
    }

    /// <summary>Seven days from Monday, one column each.</summary>
    [HttpGet("week")]
    [HasPermission(AgendaPermissions.Events.ReadOwn)]
    public async Task<IActionResult> Week(DateOnly? date)
    {
        var monday = PeriodViewModel.WeekStart(date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return View(await queries.PeriodAsync(monday, monday.AddDays(6), HttpContext.RequestAborted));
    }

    [HttpGet("day")]
    [HasPermission(AgendaPermissions.Events.ReadOwn)]
    public async Task<IActionResult> Day(DateOnly? date)
    {
        var day = date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return View(await queries.PeriodAsync(day, day, HttpContext.RequestAborted));
    }

    [HttpGet("users/lookup")]
    [HasPermission(AgendaPermissions.Events.Write)]
    public async Task<IActionResult> UsersLookup(string? q) =>
        Json((await users.SearchUsersAsync(q)).Select(u => new { id = u.Id, text = u.Text }));

    [HttpGet("{id:long}")]
    [HasPermission(AgendaPermissions.Events.ReadOwn)]
    public async Task<IActionResult> Show(long id) =>
        await queries.CardAsync(id, HttpContext.RequestAborted) is { } card ? View(card) : NotFound();

    /// <summary>"Log a call" on a third party: /Agenda/Events/new?type=call&amp;thirdParty=12.</summary>
    [HttpGet("new")]
    [HasPermission(AgendaPermissions.Events.Write)]
    public async Task<IActionResult> Create(string? type, long? thirdParty, long? contact, string? record)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var form = new EventForm
        {
            Type = Enum.TryParse<AgendaEventType>(type, ignoreCase: true, out var t) && t != AgendaEventType.Automatic ? t : AgendaEventType.Call,
            Start = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc),
            OwnerId = currentUser.UserId,
            ThirdPartyId = thirdParty,
            ContactId = thirdParty is null ? null : contact,
            LinkedRecord = RecordRef.TryParse(record, out _) ? record : null,
        };
        if (form.Type == AgendaEventType.Call && thirdParty is not null)
        {
            form.Progress = EventProgress.Done; // a call logged after the fact
        }

        return View("Edit", await queries.EditViewModelAsync(null, form, HttpContext.RequestAborted));
    }

    [HttpPost("new")]
    [HasPermission(AgendaPermissions.Events.Write)]
    public async Task<IActionResult> Create(EventForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                var id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                this.Success($"Event {form.Title} created.");
                return Redirect($"/Agenda/Events/{id}");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddDomainError(ex);
            }
        }

        return View("Edit", await queries.EditViewModelAsync(null, form, HttpContext.RequestAborted));
    }

    [HttpGet("{id:long}/edit")]
    [HasPermission(AgendaPermissions.Events.Write)]
    public async Task<IActionResult> Edit(long id) =>
        await queries.FormAsync(id) is { } form ? View(await queries.EditViewModelAsync(id, form, HttpContext.RequestAborted)) : NotFound();

    [HttpPost("{id:long}/edit")]
    [HasPermission(AgendaPermissions.Events.Write)]
    public async Task<IActionResult> Edit(long id, EventForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                await administration.UpdateAsync(id, form, HttpContext.RequestAborted);
                this.Success($"Event {form.Title} saved.");
                return Redirect($"/Agenda/Events/{id}");
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

        return View(await queries.EditViewModelAsync(id, form, HttpContext.RequestAborted));
    }

    [HttpPost("{id:long}/done")]
    [HasPermission(AgendaPermissions.Events.Write)]
    public async Task<IActionResult> Done(long id)
    {
        try
        {
            await administration.MarkDoneAsync(id, HttpContext.RequestAborted);
            this.Success("Event done.");
            return Redirect($"/Agenda/Events/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    [HttpPost("{id:long}/delete")]
    [HasPermission(AgendaPermissions.Events.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        try
        {
            await administration.DeleteAsync(id, HttpContext.RequestAborted);
            this.Success("Event deleted.");
            return Redirect("/Agenda/Events");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
