using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Notes.Controllers;

/// <summary>
/// /Records/{type}/{id}/notes: the public note (printed on documents) and the private note, which only users who may
/// change the record see: it holds what the customer must not read, and readers often are the customer's contacts.
/// </summary>
[Route("Records/{type}/{id:long}/notes")]
public sealed class RecordNotesController(RecordTabs tabs, INoteService notes, IRecordAccess access, AppDbContext db) : Controller
{
    [HttpGet("")]
    [RecordRight(RecordAction.Read)]
    public async Task<IActionResult> Index()
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (await tabs.HeaderAsync(record, HttpContext.RequestAborted) is not { } header)
        {
            return NotFound();
        }

        var canWrite = await access.CanAsync(record, RecordAction.Write, HttpContext.RequestAborted);
        var note = await notes.GetAsync(record, HttpContext.RequestAborted);
        return View(new NotesTabViewModel(
            await tabs.BuildAsync(header, RecordTabs.Notes, cancellationToken: HttpContext.RequestAborted),
            note.Public,
            canWrite ? note.Private : null,
            canWrite));
    }

    [HttpPost("")]
    [RecordRight(RecordAction.Write)]
    public async Task<IActionResult> Save(string? kind, string? text)
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (await tabs.HeaderAsync(record, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }

        if (!Enum.TryParse<NoteKind>(kind, ignoreCase: true, out var noteKind) || !Enum.IsDefined(noteKind))
        {
            this.Error("Choose the public or the private note.");
        }
        else
        {
            try
            {
                await notes.SetAsync(record, noteKind, text, HttpContext.RequestAborted);
                await db.SaveChangesAsync(HttpContext.RequestAborted);
                this.Success(noteKind == NoteKind.Public ? "Public note saved." : "Private note saved.");
            }
            catch (DomainException ex)
            {
                this.Error(ex.Message);
            }
        }

        return Redirect(RecordTabs.UrlOf(record) + "/notes");
    }
}

/// <param name="Private">Null when empty or when the user may not see it.</param>
public sealed record NotesTabViewModel(RecordTabsViewModel Tabs, string? Public, string? Private, bool CanWrite);
