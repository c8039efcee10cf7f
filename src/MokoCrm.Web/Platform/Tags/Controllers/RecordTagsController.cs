using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Tags.Controllers;

/// <summary>POST /Records/{type}/{id}/tags/assign|unassign: the buttons of the _TagPicker on a card.</summary>
[Route("Records/{type}/{id:long}/tags")]
public sealed class RecordTagsController(ITagService tags, RecordTabs tabs, AppDbContext db) : Controller
{
    [HttpPost("assign")]
    [RecordRight(RecordAction.Write)]
    public Task<IActionResult> Assign(long tagId, string? returnUrl) =>
        ChangeAsync(returnUrl, record => tags.AssignAsync(record.Type, record.Id, tagId, HttpContext.RequestAborted), "Tag added.");

    [HttpPost("unassign")]
    [RecordRight(RecordAction.Write)]
    public Task<IActionResult> Unassign(long tagId, string? returnUrl) =>
        ChangeAsync(returnUrl, record => tags.UnassignAsync(record.Type, record.Id, tagId, HttpContext.RequestAborted), "Tag removed.");

    private async Task<IActionResult> ChangeAsync(string? returnUrl, Func<RecordRef, Task> change, string done)
    {
        var record = RecordRightAttribute.RecordOf(HttpContext);
        if (await tabs.HeaderAsync(record, HttpContext.RequestAborted) is not { } header)
        {
            return NotFound();
        }

        try
        {
            await change(record);
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            this.Success(done);
        }
        catch (NotFoundException)
        {
            this.Error("This tag does not exist (any more).");
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        // Back where the picker was shown; never to another site.
        return Redirect(Url.IsLocalUrl(returnUrl) ? returnUrl : header.Summary.Url ?? header.TabsUrl + "/links");
    }
}
