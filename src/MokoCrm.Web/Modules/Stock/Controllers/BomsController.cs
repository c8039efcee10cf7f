using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Queries;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Stock.Controllers;

/// <summary>/Stock/Boms: bills of materials, what it takes to make a product.</summary>
[Area("Stock")]
[Route("Stock/Boms")]
public sealed class BomsController(BomQueries queries, BomAdministration administration, IValidator<BomForm> validator) : Controller
{
    private const string ListUrl = "/Stock/Boms";

    [HttpGet("")]
    [HasPermission(StockPermissions.Manufacturing.Read)]
    public async Task<IActionResult> Index(ListRequest list, string? export) =>
        export is not null
            ? ListExport.Export(queries.Rows(), BomQueries.List, list, export)
            : View(new BomListViewModel(await ListEngine.PageAsync(queries.Rows(), BomQueries.List, list, HttpContext.RequestAborted)));

    [HttpGet("lookup")]
    [HasPermission(StockPermissions.Manufacturing.Read)]
    public async Task<IActionResult> Lookup(string? q) =>
        Json((await queries.LookupAsync(q, HttpContext.RequestAborted)).Select(b => new { id = b.Id, text = b.Text }));

    [HttpGet("{id:long}")]
    [HasPermission(StockPermissions.Manufacturing.Read)]
    public async Task<IActionResult> Show(long id)
    {
        var card = await queries.CardAsync(id, HttpContext.RequestAborted);
        return card is null ? NotFound() : View(card);
    }

    [HttpGet("new")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Create(long? product) => EditView(null, new BomForm { ProductId = product });

    [HttpPost("new")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Create(BomForm form) => Save(null, form);

    [HttpGet("{id:long}/edit")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public async Task<IActionResult> Edit(long id)
    {
        if (await queries.CardAsync(id, HttpContext.RequestAborted) is not { Bom: var b })
        {
            return NotFound();
        }

        return await EditView(id, new BomForm
        {
            Label = b.Label, ProductId = b.ProductId, Quantity = StockLedger.Format(b.Quantity), Description = b.Description,
        });
    }

    [HttpPost("{id:long}/edit")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Edit(long id, BomForm form) => Save(id, form);

    [HttpPost("{id:long}/components")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> AddComponent(long id, BomComponentForm form) =>
        Act(id, () => administration.AddComponentAsync(id, form, HttpContext.RequestAborted), "Component added.");

    [HttpPost("{id:long}/components/{lineId:long}")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> ChangeComponent(long id, long lineId, BomComponentForm form) =>
        Act(id, () => administration.ChangeComponentAsync(id, lineId, form, HttpContext.RequestAborted), "Component changed.");

    [HttpPost("{id:long}/components/{lineId:long}/remove")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> RemoveComponent(long id, long lineId) =>
        Act(id, () => administration.RemoveComponentAsync(id, lineId, HttpContext.RequestAborted), "Component removed.");

    [HttpPost("{id:long}/validate")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Validate(long id) =>
        Act(id, () => administration.ValidateAsync(id, HttpContext.RequestAborted), "Bill of materials validated: manufacturing orders can be made from it.");

    [HttpPost("{id:long}/disable")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Disable(long id) =>
        Act(id, () => administration.DisableAsync(id, HttpContext.RequestAborted), "Bill of materials disabled: no new manufacturing order can use it.");

    [HttpPost("{id:long}/enable")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Enable(long id) =>
        Act(id, () => administration.EnableAsync(id, HttpContext.RequestAborted), "Bill of materials enabled again.");

    [HttpPost("{id:long}/delete")]
    [HasPermission(StockPermissions.Manufacturing.Write)]
    public Task<IActionResult> Delete(long id) =>
        this.DeleteFromCardAsync($"{ListUrl}/{id}", ListUrl, () => administration.DeleteAsync(id, HttpContext.RequestAborted), "Bill of materials deleted.");

    private Task<IActionResult> Act(long id, Func<Task> action, string done) => this.ActOnCardAsync($"{ListUrl}/{id}", action, done);

    private async Task<IActionResult> Save(long? id, BomForm form)
    {
        if (await validator.ValidateIntoAsync(form, ModelState))
        {
            try
            {
                if (id is { } existing)
                {
                    await administration.ChangeAsync(existing, form, HttpContext.RequestAborted);
                }
                else
                {
                    id = await administration.CreateAsync(form, HttpContext.RequestAborted);
                }

                this.Success("Bill of materials saved.");
                return Redirect($"{ListUrl}/{id}");
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

        return await EditView(id, form);
    }

    private async Task<IActionResult> EditView(long? id, BomForm form)
    {
        ViewData["Id"] = id;
        ViewData["ProductText"] = await queries.ProductTextAsync(form.ProductId, HttpContext.RequestAborted);
        return View("Edit", form);
    }
}
