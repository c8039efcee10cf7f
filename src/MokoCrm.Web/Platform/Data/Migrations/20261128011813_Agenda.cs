using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Agenda : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "agenda");

            migrationBuilder.CreateSequence(
                name: "event_attendees_hilo",
                schema: "agenda",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "events_hilo",
                schema: "agenda",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "events",
                schema: "agenda",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    all_day = table.Column<bool>(type: "boolean", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    owner_id = table.Column<long>(type: "bigint", nullable: true),
                    location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    progress = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true),
                    third_party_id = table.Column<long>(type: "bigint", nullable: true),
                    contact_id = table.Column<long>(type: "bigint", nullable: true),
                    linked_record_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    linked_record_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_events_asp_net_users_owner_id",
                        column: x => x.owner_id,
                        principalSchema: "platform",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "event_attendees",
                schema: "agenda",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_attendees", x => x.id);
                    table.ForeignKey(
                        name: "fk_event_attendees_agenda_event_event_id",
                        column: x => x.event_id,
                        principalSchema: "agenda",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_attendees_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "platform",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_attendees_event_id_user_id",
                schema: "agenda",
                table: "event_attendees",
                columns: new[] { "event_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_attendees_user_id",
                schema: "agenda",
                table: "event_attendees",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_linked_record_type_linked_record_id",
                schema: "agenda",
                table: "events",
                columns: new[] { "linked_record_type", "linked_record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_owner_id",
                schema: "agenda",
                table: "events",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_start_date_end_date",
                schema: "agenda",
                table: "events",
                columns: new[] { "start_date", "end_date" });

            migrationBuilder.CreateIndex(
                name: "ix_events_starts_at_id",
                schema: "agenda",
                table: "events",
                columns: new[] { "starts_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_third_party_id_starts_at",
                schema: "agenda",
                table: "events",
                columns: new[] { "third_party_id", "starts_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_attendees",
                schema: "agenda");

            migrationBuilder.DropTable(
                name: "events",
                schema: "agenda");

            migrationBuilder.DropSequence(
                name: "event_attendees_hilo",
                schema: "agenda");

            migrationBuilder.DropSequence(
                name: "events_hilo",
                schema: "agenda");
        }
    }
}
