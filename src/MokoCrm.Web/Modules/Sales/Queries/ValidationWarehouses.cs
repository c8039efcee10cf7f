using MokoCrm.Web.Modules.Stock.Public;

namespace MokoCrm.Web.Modules.Sales.Queries;

/// <summary>The warehouse picker of a validate button: the open warehouses, and the one chosen unless the user changes it.</summary>
public sealed record ValidationWarehouseChoice(IReadOnlyList<WarehouseSummary> Warehouses, long? DefaultId);

/// <summary>
/// When the stock settings take the goods out at this validation ("decrease on sales order validated" or "customer
/// invoice validated") and the document has product lines, the validate button asks where they leave from: the open
/// warehouses, the settings' default warehouse chosen. Otherwise there is nothing to ask (null).
/// </summary>
public sealed class ValidationWarehouses(IStockReader stock, IWarehouseLookup warehouses)
{
    public async Task<ValidationWarehouseChoice?> ForAsync(StockDecreaseTrigger step, bool movesGoods, CancellationToken cancellationToken = default)
    {
        if (!movesGoods)
        {
            return null;
        }

        var settings = await stock.SettingsAsync(cancellationToken);
        return settings.DecreaseOn == step ? new ValidationWarehouseChoice(await warehouses.OpenAsync(cancellationToken), settings.DefaultWarehouseId) : null;
    }
}

/// <summary>What the shared validate button partial needs: the card's URL and the warehouse choice, if any.</summary>
public sealed record ValidateButton(string Url, ValidationWarehouseChoice? Choice);
