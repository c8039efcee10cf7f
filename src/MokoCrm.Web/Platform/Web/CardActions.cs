using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Web;

/// <summary>The POST-redirect-GET of a button on a record's card, shared by every document controller.</summary>
public static class CardActions
{
    /// <summary>
    /// Runs the business action; on success flashes <paramref name="done"/> (unless empty), on a rule's refusal flashes
    /// its message, and either way goes back to the card. A record that does not exist (or is not visible) is a 404.
    /// </summary>
    public static async Task<IActionResult> ActOnCardAsync(this Controller controller, string cardUrl, Func<Task> action, string done)
    {
        try
        {
            await action();
            if (done.Length > 0)
            {
                controller.Success(done);
            }
        }
        catch (NotFoundException)
        {
            return controller.NotFound();
        }
        catch (DomainException ex)
        {
            controller.Error(ex.Message);
        }

        return controller.Redirect(cardUrl);
    }

    /// <summary>
    /// The Delete button of a card: on success flashes <paramref name="done"/> and goes to the list, on a rule's
    /// refusal flashes its message and goes back to the card; a record that does not exist is a 404.
    /// </summary>
    public static async Task<IActionResult> DeleteFromCardAsync(this Controller controller, string cardUrl, string listUrl, Func<Task> delete, string done)
    {
        try
        {
            await delete();
            controller.Success(done);
            return controller.Redirect(listUrl);
        }
        catch (NotFoundException)
        {
            return controller.NotFound();
        }
        catch (DomainException ex)
        {
            controller.Error(ex.Message);
            return controller.Redirect(cardUrl);
        }
    }
}
