import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Indexes for listing events a page at a time without reading the rest: a manager's events by date
 * (the event's date and type copied into event_manager), and events of an authority or a type by date.
 */
export class EventListing1763900000004 implements MigrationInterface {
  name = 'EventListing1763900000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('event_manager', [
      new TableColumn({ name: 'date', type: 'varchar', length: '10', isNullable: false, default: "''" }),
      new TableColumn({ name: 'type', type: 'varchar', length: '40', isNullable: false, default: "''" }),
    ]);
    await queryRunner.query(
      'UPDATE event_manager SET "date" = (SELECT e."date" FROM event e WHERE e."key" = event_manager."eventKey"), "type" = (SELECT e."type" FROM event e WHERE e."key" = event_manager."eventKey")',
    );
    await queryRunner.createIndices('event_manager', [
      new TableIndex({ name: 'IDX_event_manager_managerKey_date_eventKey', columnNames: ['managerKey', 'date', 'eventKey'] }),
      new TableIndex({ name: 'IDX_event_manager_managerKey_type_date_eventKey', columnNames: ['managerKey', 'type', 'date', 'eventKey'] }),
    ]);
    await queryRunner.createIndices('event', [
      new TableIndex({ name: 'IDX_event_authorityCode_date_key', columnNames: ['authorityCode', 'date', 'key'] }),
      new TableIndex({ name: 'IDX_event_type_date_key', columnNames: ['type', 'date', 'key'] }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('event', 'IDX_event_type_date_key');
    await queryRunner.dropIndex('event', 'IDX_event_authorityCode_date_key');
    await queryRunner.dropIndex('event_manager', 'IDX_event_manager_managerKey_type_date_eventKey');
    await queryRunner.dropIndex('event_manager', 'IDX_event_manager_managerKey_date_eventKey');
    await queryRunner.dropColumn('event_manager', 'type');
    await queryRunner.dropColumn('event_manager', 'date');
  }
}
