using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Stock.Domain;

/// <summary>
/// When stock moves and whether it may go negative (DOMAIN.md §5). One row; until an administrator saves the
/// screen the defaults apply (decrease on shipment, increase on reception, negative stock refused). The default
/// warehouse is the warehouse flagged default (<see cref="Warehouse.IsDefault"/>), edited on the same screen.
/// </summary>
public sealed class StockSettings : Entity, IAudited
{
    public StockDecreaseTrigger DecreaseOn { get; set; } = StockDecreaseTrigger.ShipmentValidated;

    public StockIncreaseTrigger IncreaseOn { get; set; } = StockIncreaseTrigger.ReceptionValidated;

    public bool AllowNegativeStock { get; set; }
}
