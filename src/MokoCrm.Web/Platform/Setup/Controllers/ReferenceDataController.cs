using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Setup.Controllers;

/// <summary>
/// The screens of one small reference table (VAT rates, payment terms, payment methods, bank accounts): a list,
/// a "new" form and an edit form, read with the Setup read right and saved with the write right. Each table says
/// how its rows look, how a record becomes a form and how a form is saved; its Edit view lives in its own folder.
/// </summary>
public abstract class ReferenceDataController<TEntity, TForm, TRow>(AppDbContext db, IValidator<TForm> validator) : Controller
    where TEntity : Entity
    where TForm : class, new()
{
    /// <summary>"/Setup/VatRates".</summary>
    protected abstract string BaseUrl { get; }

    protected abstract string Title { get; }

    protected abstract string NewLabel { get; }

    protected abstract ListDefinition<TRow> List { get; }

    protected abstract IQueryable<TRow> Rows();

    protected abstract TForm ToForm(TEntity entity);

    /// <summary>Saves (creates when <paramref name="id"/> is null) and returns the flash message.</summary>
    protected abstract Task<string> SaveAsync(long? id, TForm form, CancellationToken cancellationToken);

    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(Rows(), List, list, export)
            : View("~/Platform/Setup/Views/Shared/List.cshtml", new SetupListViewModel(Title, BaseUrl + "/new", NewLabel,
                await ListEngine.PageAsync(Rows(), List, list, HttpContext.RequestAborted)));

    [HttpGet("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public IActionResult Create() => View("Edit", new TForm());

    [HttpPost("new")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Create(TForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public async Task<IActionResult> Edit(long id)
    {
        var entity = await db.Set<TEntity>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == id);
        if (entity is null)
        {
            return NotFound();
        }

        ViewData["Id"] = id;
        return View(ToForm(entity));
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(PlatformPermissions.SetupWrite)]
    public Task<IActionResult> Edit(long id, TForm form) => Save(id, form);

    private async Task<IActionResult> Save(long? id, TForm form)
    {
        ViewData["Id"] = id;
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                this.Success(await SaveAsync(id, form, HttpContext.RequestAborted));
                return Redirect(BaseUrl);
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

        return View("Edit", form);
    }
}

/// <summary>A Setup list page: title, the "new" button and the list.</summary>
public sealed record SetupListViewModel(string Title, string? NewUrl, string? NewLabel, IListPage List);
