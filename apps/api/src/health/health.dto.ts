import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HealthReport, ServiceHealth, ServiceName } from '@sluice/api-contract';

// Part of what the API sends: `@sluice/api-contract` declares it; these classes document it.
export { SERVICE_NAMES, type ServiceName } from '@sluice/api-contract';

export type DetailValue = string | number | boolean;

/** The state of one dependency as seen by one check. */
export class ServiceHealthDto implements ServiceHealth {
  @ApiProperty({ enum: ['up', 'down'], description: '`up` when the check succeeded within its timeout' })
  status!: 'up' | 'down';

  @ApiProperty({
    example: '127.0.0.1:6379',
    description: 'Where the service is expected; never contains credentials',
  })
  address!: string;

  @ApiProperty({ example: 3, description: 'How long the check took, in milliseconds' })
  latencyMs!: number;

  @ApiPropertyOptional({ example: '7.0.15' })
  version?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { maxmemoryPolicy: 'noeviction', aofEnabled: true },
    description: 'Service-specific facts (e.g. brokers, task managers, slots)',
  })
  detail?: Record<string, DetailValue>;

  @ApiPropertyOptional({
    type: [String],
    description: 'The service answers but is set up in a way Sluice cannot rely on',
  })
  warnings?: string[];

  @ApiPropertyOptional({
    example: 'connect ECONNREFUSED 127.0.0.1:6379',
    description: 'Why the check failed',
  })
  error?: string;
}

export class HealthServicesDto implements Record<ServiceName, ServiceHealth> {
  @ApiProperty({ type: ServiceHealthDto })
  redis!: ServiceHealthDto;

  @ApiProperty({ type: ServiceHealthDto, description: 'MySQL or MariaDB' })
  mysql!: ServiceHealthDto;

  @ApiProperty({ type: ServiceHealthDto })
  kafka!: ServiceHealthDto;

  @ApiProperty({ type: ServiceHealthDto, description: 'The Flink session cluster (JobManager REST API)' })
  flink!: ServiceHealthDto;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded'], description: '`ok` when every service is up' })
  status!: 'ok' | 'degraded';

  @ApiProperty({ example: '2025-01-01T12:00:00.000Z' })
  checkedAt!: string;

  @ApiProperty({ type: HealthServicesDto })
  services!: HealthServicesDto;
}
