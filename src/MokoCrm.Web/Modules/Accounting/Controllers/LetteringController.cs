using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Accounting.Controllers;

/// <summary>Lettering from a subledger's lines: the ticked lines under a new letter code, or a letter code undone.</summary>
[Area("Accounting")]
[Route("Accounting/Subledgers/{kind}/{code}")]
public sealed class LetteringController(Letterings letterings, ReportQueries reports) : Controller
{
    [HttpPost("letter")]
    [HasPermission(AccountingPermissions.Lettering.Write)]
    public async Task<IActionResult> Letter(string kind, string code, LetterForm form, string? back)
    {
        if (await reports.KindAsync(kind, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }

        try
        {
            var lettering = await letterings.LetterAsync(form, HttpContext.RequestAborted);
            this.Success($"{lettering.Lines.Count} lines lettered {lettering.Code}.");
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect(Back(kind, code, back));
    }

    [HttpPost("unletter/{id:long}")]
    [HasPermission(AccountingPermissions.Lettering.Write)]
    public async Task<IActionResult> Unletter(string kind, string code, long id, string? back)
    {
        try
        {
            await letterings.UnletterAsync(id, HttpContext.RequestAborted);
            this.Success("Lettering undone.");
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect(Back(kind, code, back));
    }

    private static string Back(string kind, string code, string? back)
    {
        var url = $"/Accounting/Subledgers/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(code)}";
        return back is not null && back.StartsWith(url, StringComparison.Ordinal) ? back : url;
    }
}
