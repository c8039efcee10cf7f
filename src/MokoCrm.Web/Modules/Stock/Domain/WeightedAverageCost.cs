using MokoCrm.Web.Modules.Stock.Public;

namespace MokoCrm.Web.Modules.Stock.Domain;

/// <summary>
/// DOMAIN.md §5, the one rule for the average cost of a product over all warehouses:
/// new = (max(stock, 0) × old + qty × price) / (max(stock, 0) + qty), and new = price when old is 0.
/// Only inputs with a price change it: outputs, zero-price inputs and both halves of a transfer (whatever price they
/// carry) leave it as it is. Kept to 5 decimals like every unit price (half away from zero).
/// </summary>
public static class WeightedAverageCost
{
    public const int Decimals = 5;

    /// <param name="stockBefore">The product's total quantity over all warehouses before the movement.</param>
    /// <param name="oldCost">The average cost before the movement.</param>
    /// <param name="kind">Transfers never change the cost.</param>
    /// <param name="quantity">Signed quantity of the movement.</param>
    /// <param name="unitPrice">The price the movement carries.</param>
    public static decimal After(decimal stockBefore, decimal oldCost, StockMovementKind kind, decimal quantity, decimal unitPrice)
    {
        if (!Changes(kind, quantity, unitPrice))
        {
            return oldCost;
        }

        if (oldCost == 0)
        {
            return unitPrice;
        }

        var counted = Math.Max(stockBefore, 0);
        return Math.Round((counted * oldCost + quantity * unitPrice) / (counted + quantity), Decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>Whether a movement of this kind, quantity and price takes part in the average.</summary>
    public static bool Changes(StockMovementKind kind, decimal quantity, decimal unitPrice) =>
        quantity > 0 && unitPrice > 0 && kind is not (StockMovementKind.TransferIn or StockMovementKind.TransferOut);
}
